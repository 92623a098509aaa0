import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(REPO_ROOT, 'bin', 'run.js');

export interface Sandbox {
  /** Root of the sandbox; everything a test writes lives below it. */
  dir: string;
  /** A working directory whose `node_modules/zenml` points at this repo, for pipeline files. */
  cwd: string;
  configDir: string;
  env: NodeJS.ProcessEnv;
  /** Writes a file under cwd and returns its absolute path. */
  write(name: string, content: string): string;
  cleanup(): void;
}

/**
 * Fresh config, XDG and working directories for one test, so no test touches `~` or
 * another test's store. `apply()` also points this process's env at it (for SDK tests).
 */
export function createSandbox(prefix = 'zenml-test-'): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const cwd = join(dir, 'work');
  mkdirSync(join(cwd, 'node_modules'), { recursive: true });
  symlinkSync(REPO_ROOT, join(cwd, 'node_modules', 'zenml'), 'dir');
  writeFileSync(join(cwd, 'package.json'), JSON.stringify({ name: 'sandbox', private: true, type: 'module' }));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ZENML_CONFIG_DIR: join(dir, 'config'),
    XDG_CONFIG_HOME: join(dir, 'xdg', 'config'),
    XDG_DATA_HOME: join(dir, 'xdg', 'data'),
    XDG_CACHE_HOME: join(dir, 'xdg', 'cache'),
    ZENML_DATA_DIR: join(dir, 'xdg', 'data', 'zenml'),
    ZENML_CACHE_DIR: join(dir, 'xdg', 'cache', 'zenml'),
    HOME: join(dir, 'home'),
    NO_COLOR: '1',
  };
  delete env.ZENML_ACTIVE_STACK;
  delete env.ZENML_ACTIVE_STACK_ID;
  delete env.ZENML_CONFIG_PATH;
  delete env.ZENML_STORE_URL;
  delete env.ZENML_DEBUG;
  mkdirSync(env.HOME!, { recursive: true });
  return {
    dir,
    cwd,
    configDir: env.ZENML_CONFIG_DIR!,
    env,
    write(name, content) {
      const path = join(cwd, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Points this process at the sandbox (SDK tests), returning a function that undoes it. */
export function useSandboxEnv(sandbox: Sandbox): () => void {
  const keys = ['ZENML_CONFIG_DIR', 'ZENML_CONFIG_PATH', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'ZENML_DATA_DIR', 'ZENML_CACHE_DIR', 'ZENML_ACTIVE_STACK', 'ZENML_ACTIVE_STACK_ID', 'ZENML_STORE_URL'];
  const saved = Object.fromEntries(keys.map((key) => [key, process.env[key]]));
  for (const key of keys) {
    if (sandbox.env[key] === undefined) delete process.env[key];
    else process.env[key] = sandbox.env[key];
  }
  return () => {
    for (const key of keys) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json<T = any>(): T;
}

/** Runs the real `zenml` binary. */
export function runCli(args: string[], options: { sandbox: Sandbox; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; input?: string }): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    const child = execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: options.cwd ?? options.sandbox.cwd, env: { ...options.sandbox.env, ...(options.env ?? {}) }, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({
          code,
          stdout,
          stderr,
          json() {
            try {
              return JSON.parse(stdout);
            } catch {
              throw new Error(`stdout is not JSON (exit ${code}):\n${stdout}\nstderr:\n${stderr}`);
            }
          },
        });
      },
    );
    // What a user would pipe in (a password for --password-stdin); nothing otherwise.
    child.stdin?.end(options.input ?? '');
  });
}

/** Runs a script with node in the sandbox (as a user's own program would run), to its exit or kill. */
export function runScript(sandbox: Sandbox, file: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { cwd: sandbox.cwd, env: { ...sandbox.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}
