// Running a README guide's shell lines as printed: each line in bash from the repository root,
// on ports nobody holds.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { REPO_ROOT } from './sandbox.js';

export interface ShellResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One guide line in bash; never rejects (the exit code is in the result). */
export function sh(line: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ShellResult> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', line], { cwd: REPO_ROOT, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
