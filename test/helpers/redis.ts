import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './sandbox.js';
import { serviceGate } from './service-gate.js';

export interface RedisService {
  url: string;
  stop(): void;
}

const SCRIPT = join(REPO_ROOT, 'scripts', 'services', 'redis.mjs');

/** Why Redis cannot be used here, or undefined when redis-server is installed. */
export function redisProblem(): string | undefined {
  return spawnSync('redis-server', ['--version']).error ? 'redis-server is not installed (apt-get install -y redis-server)' : undefined;
}

/** The gate for Redis-backed tests: `{ skip }` for describe/test options. */
export const redisGate = () => serviceGate('Redis', redisProblem());

/** Starts a private redis-server (temp dir, 127.0.0.1, random port); stop() ends it by pid and removes the dir. */
export function startRedis(): RedisService {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-redis-'));
  const out = execFileSync(process.execPath, [SCRIPT, 'start', dir], { encoding: 'utf8' });
  const url = /REDIS_URL=(\S+)/.exec(out)?.[1];
  if (!url) throw new Error(`redis.mjs printed no REDIS_URL: ${out}`);
  return {
    url,
    stop() {
      execFileSync(process.execPath, [SCRIPT, 'stop', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
