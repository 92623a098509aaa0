#!/usr/bin/env bash
# Installs a real VS Code workbench for the extension's end-to-end test: code-server 4.99.4
# (VS Code 1.99.3) from npm into a cache directory outside the repo, so repeated runs are fast.
# Usage: scripts/services/code-server.sh install [DIR]   (prints DIR; default $ZENML_CODE_SERVER_DIR, else
#        /tmp/zenml-code-server: the test runner clears XDG_* so the tests look there too)
# Adapted from the checked recipe (shared/recipes/vscode-e2e.sh); it avoids three install traps:
# running as root, `npx` prompting in a postinstall, and @vscode/ripgrep downloading rg from GitHub.
set -euo pipefail
cmd=${1:-install}
DIR=${2:-${ZENML_CODE_SERVER_DIR:-/tmp/zenml-code-server}}
VERSION=4.99.4
PKGS="build-essential pkg-config python3 libkrb5-dev libxkbfile-dev libx11-dev libsecret-1-dev ripgrep chromium"

case "$cmd" in
  apt-packages) echo "$PKGS"; exit 0 ;;
  install) ;;
  *) echo "usage: $0 install [DIR] | apt-packages" >&2; exit 2 ;;
esac

bin="$DIR/node_modules/.bin/code-server"
if [ -x "$bin" ] && [ -f "$DIR/.installed-$VERSION" ]; then echo "$DIR"; exit 0; fi

missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "code-server needs these Debian packages:$missing (apt-get install -y$missing)" >&2; exit 1
  fi
fi

mkdir -p "$DIR"; cd "$DIR"
# Trap 3: seed @vscode/ripgrep's download cache with Debian's rg (its postinstall would fetch it).
export TMPDIR="$DIR/tmp"
rg_cache="$TMPDIR/vscode-ripgrep-cache-1.15.11"; mkdir -p "$rg_cache"
tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
export npm_config_unsafe_perm=true   # trap 1: code-server's postinstall refuses root without it
export npm_config_yes=true           # trap 2: node-pty's postinstall runs `npx node-gyp`
[ -f /usr/include/node/node.h ] && export npm_config_nodedir=/usr   # node-gyp: local headers, no download
printf '{ "private": true, "dependencies": { "code-server": "%s" } }\n' "$VERSION" > package.json
npm install --no-audit --no-fund >npm-install.log 2>&1 || { tail -40 npm-install.log >&2; exit 1; }
test -x node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg
test -f node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node
touch ".installed-$VERSION"
echo "$DIR"
