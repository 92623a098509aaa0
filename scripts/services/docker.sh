#!/usr/bin/env bash
# A private Docker engine (and a registry) for tests and benchmarks, in folders of their own.
#   scripts/services/docker.sh start DIR           starts dockerd on DIR/docker.sock (no bridge, no
#                                                  iptables: containers use --network host), imports
#                                                  the offline base image, writes DIR/docker.env;
#                                                  its data root is the cache's (kept) when free
#   scripts/services/docker.sh stop DIR            stops that dockerd (and its registry) by pid
#   scripts/services/docker.sh registry-start DIR  starts Debian's docker-registry on 127.0.0.1:PORT,
#                                                  appends ZENML_TEST_REGISTRY=127.0.0.1:PORT to DIR/docker.env
#   scripts/services/docker.sh base-image          prints the path of the cached base image tarball
# Never touches a system dockerd: its own data root, exec root, pid file and socket.
# Needs Debian's docker.io, docker-registry and debootstrap (apt-get install -y docker.io docker-registry debootstrap).
#
# The base image: no public registry is reachable, so it is built offline once with
# `debootstrap --variant=minbase bookworm` plus this machine's node binary, and kept as a
# tarball in ZENML_DOCKER_CACHE (default /tmp/zenml-docker-cache) for every later start.
set -euo pipefail

command=${1:-}
cache=${ZENML_DOCKER_CACHE:-/tmp/zenml-docker-cache}
base_name=${ZENML_DOCKER_BASE_IMAGE:-zenml-test-base:bookworm}

usage() { echo "usage: docker.sh start|stop|registry-start DIR | base-image" >&2; exit 2; }

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# The base rootfs as a tarball: debootstrap once (~25 s), with the host's node copied in.
base_tarball() {
  local tarball="$cache/base-bookworm-node.tar"
  if [ ! -s "$tarball" ]; then
    mkdir -p "$cache"
    local lock="$cache/base.lock"
    exec 9>"$lock"
    flock 9
    if [ ! -s "$tarball" ]; then
      local rootfs
      rootfs=$(mktemp -d "$cache/rootfs.XXXXXX")
      debootstrap --variant=minbase bookworm "$rootfs" >"$cache/debootstrap.log" 2>&1
      cp "$(command -v node)" "$rootfs/usr/local/bin/node"
      # Smaller and reproducible enough: no apt lists, docs or caches in the image.
      rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
      tar -C "$rootfs" -cf "$tarball.partial" .
      mv "$tarball.partial" "$tarball"
      rm -rf "$rootfs"
    fi
    flock -u 9
  fi
  echo "$tarball"
}

# The pid in DIR/NAME.pid when that process is still alive.
live_pid() {
  local file=$1
  [ -s "$file" ] || return 1
  local pid
  pid=$(cat "$file")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

stop_pid_file() {
  local file=$1 pid
  pid=$(live_pid "$file") || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$file"
}

case "$command" in
  base-image)
    base_tarball
    ;;
  start)
    [ -n "${2:-}" ] || usage
    dir=$(realpath "$2")
    # One engine at a time keeps its images (the base image, the dependencies images tests
    # build) in the cache across runs: it takes the cache's data root when no other engine
    # holds it (dockerd inherits the lock and holds it while it lives), a fresh one otherwise.
    mkdir -p "$cache"
    data="$dir/data"
    exec 8>"$cache/engine.lock"
    if flock -n 8; then data="$cache/engine-data"; else exec 8>&-; fi
    mkdir -p "$data"
    # The exec root holds unix sockets: keep its path short (108-byte limit).
    exec_root=$(mktemp -d /tmp/zdx.XXXXXX)
    echo "$exec_root" >"$dir/exec-root"
    sock="$dir/docker.sock"
    dockerd --data-root "$data" --exec-root "$exec_root" --pidfile "$dir/dockerd.pid" \
      -H "unix://$sock" --bridge=none --iptables=false --ip-masq=false \
      >"$dir/dockerd.log" 2>&1 &
    exec 8>&-
    export DOCKER_HOST="unix://$sock"
    for _ in $(seq 1 200); do
      docker version >/dev/null 2>&1 && break
      sleep 0.1
    done
    docker version >/dev/null 2>&1 || { echo "dockerd did not start; see $dir/dockerd.log:" >&2; tail -5 "$dir/dockerd.log" >&2; exit 1; }
    if ! docker image inspect "$base_name" >/dev/null 2>&1; then
      docker import "$(base_tarball)" "$base_name" >/dev/null
    fi
    printf 'DOCKER_HOST=%s\nZENML_TEST_BASE_IMAGE=%s\n' "$DOCKER_HOST" "$base_name" >"$dir/docker.env"
    cat "$dir/docker.env"
    ;;
  registry-start)
    [ -n "${2:-}" ] || usage
    dir=$(realpath "$2")
    port=$(free_port)
    mkdir -p "$dir/registry"
    cat >"$dir/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/registry
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
EOF
    docker-registry serve "$dir/registry.yml" >"$dir/registry.log" 2>&1 &
    echo $! >"$dir/registry.pid"
    for _ in $(seq 1 100); do
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
      sleep 0.1
    done
    echo "ZENML_TEST_REGISTRY=127.0.0.1:$port" >>"$dir/docker.env"
    echo "ZENML_TEST_REGISTRY=127.0.0.1:$port"
    ;;
  stop)
    [ -n "${2:-}" ] || usage
    dir=$(realpath "$2")
    stop_pid_file "$dir/registry.pid"
    # dockerd stops its containers (and their shims) itself on SIGTERM.
    stop_pid_file "$dir/dockerd.pid"
    if [ -s "$dir/exec-root" ]; then
      exec_root=$(cat "$dir/exec-root")
      # dockerd leaves its network namespace bind-mounted there.
      umount "$exec_root/netns/default" 2>/dev/null || true
      rm -rf "$exec_root"
    fi
    ;;
  *)
    usage
    ;;
esac
