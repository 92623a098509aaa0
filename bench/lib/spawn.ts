import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(REPO_ROOT, 'bin', 'run.js');

export interface SpawnResult {
  ms: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a process to completion and returns its wall time (spawn to exit). A non-zero exit
 * throws: a benchmark that silently timed an error message would report nonsense.
 */
export function spawnTimed(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): SpawnResult {
  const start = performance.now();
  const child = spawnSync(command, args, { env: options.env ?? process.env, cwd: options.cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (child.error) throw child.error;
  if (child.status !== 0) {
    throw new Error(`${[command, ...args].join(' ')} exited with ${child.status ?? child.signal}: ${(child.stderr || child.stdout).trim().split('\n').slice(-5).join(' | ')}`);
  }
  return { ms, stdout: child.stdout, stderr: child.stderr };
}

/** `node <args>` with this Node binary. */
export function nodeTimed(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): SpawnResult {
  return spawnTimed(process.execPath, args, options);
}

/** The `zenml` CLI as a user runs it: `bin/run.js` on the built `dist/`. */
export function zenmlTimed(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): SpawnResult {
  return nodeTimed([CLI, ...args], options);
}
