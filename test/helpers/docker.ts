import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './sandbox.js';
import { serviceGate } from './service-gate.js';

export interface DockerService {
  /** DOCKER_HOST of the private engine. */
  host: string;
  /** The offline base image (Debian bookworm minbase + this machine's node). */
  baseImage: string;
  /** Starts a registry on loopback (once); answers its host:port. */
  registry(): string;
  /** Runs the docker CLI against this engine. */
  docker(...args: string[]): string;
  stop(): void;
}

const SCRIPT = join(REPO_ROOT, 'scripts', 'services', 'docker.sh');

/** Why a private Docker engine cannot be started here, or undefined when it can. */
export function dockerProblem(): string | undefined {
  for (const [tool, pkg] of [['dockerd', 'docker.io'], ['docker', 'docker.io'], ['docker-registry', 'docker-registry'], ['debootstrap', 'debootstrap']]) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed (apt-get install -y ${pkg})`;
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'dockerd needs root';
  return undefined;
}

/** The gate for Docker-backed tests: `{ skip }` for describe/test options. */
export const dockerGate = () => serviceGate('Docker', dockerProblem());

/**
 * Starts a private dockerd (temp dir, own socket, no bridge) with the offline base image
 * imported (built once into /tmp/zenml-docker-cache), and points this process's DOCKER_HOST
 * at it; stop() ends it (and its registry) by pid and removes the dir.
 */
export function startDocker(): DockerService {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-docker-'));
  const out = execFileSync(SCRIPT, ['start', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const host = /DOCKER_HOST=(\S+)/.exec(out)?.[1];
  const baseImage = /ZENML_TEST_BASE_IMAGE=(\S+)/.exec(out)?.[1];
  if (!host || !baseImage) throw new Error(`docker.sh printed no DOCKER_HOST: ${out}`);
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = host;
  let registry: string | undefined;
  const env = { ...process.env, DOCKER_HOST: host, DOCKER_BUILDKIT: '0' };
  return {
    host,
    baseImage,
    registry() {
      registry ??= /ZENML_TEST_REGISTRY=(\S+)/.exec(execFileSync(SCRIPT, ['registry-start', dir], { encoding: 'utf8' }))?.[1];
      if (!registry) throw new Error(`docker.sh started no registry: ${readFileSync(join(dir, 'registry.log'), 'utf8')}`);
      return registry;
    },
    docker: (...args) => execFileSync('docker', args, { encoding: 'utf8', env }).trim(),
    stop() {
      execFileSync(SCRIPT, ['stop', dir]);
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
