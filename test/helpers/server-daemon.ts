// A real `zenml server start --daemon` in a sandbox's config dir, for end-to-end tests:
// started from bin/run.js, found through its state file, killed by its pid only.
import assert from 'node:assert/strict';
import { runCli, type CliResult, type Sandbox } from './sandbox.js';

export interface DaemonServer {
  url: string;
  pid: number;
  /** Where the server keeps its pid, state and log files (its own config dir). */
  sandbox: Sandbox;
  /** Signals the daemon (SIGKILL by default) and waits until it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startDaemon(sandbox: Sandbox, options: { password: string; port?: number; env?: NodeJS.ProcessEnv }): Promise<DaemonServer> {
  const started = await runCli(['server', 'start', '--daemon', '--port', String(options.port ?? 0), '--json'], {
    sandbox,
    env: { ZENML_DEFAULT_USER_PASSWORD: options.password, ...(options.env ?? {}) },
  });
  assert.equal(started.code, 0, started.stderr);
  const { url, pid } = started.json<{ url: string; pid: number }>();
  return {
    url,
    pid,
    sandbox,
    async kill(signal = 'SIGKILL') {
      try {
        process.kill(pid, signal);
      } catch {
        return;
      }
      for (let i = 0; i < 200; i++) {
        try {
          process.kill(pid, 0);
        } catch {
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

/** `zenml login URL --username NAME --password-stdin` from a sandbox. */
export function loginAs(sandbox: Sandbox, url: string, username: string, password: string): Promise<CliResult> {
  return runCli(['login', url, '--username', username, '--password-stdin'], { sandbox, input: password });
}

/** The bearer token a user gets from POST /api/v1/login, for tests that speak HTTP directly. */
export async function tokenFor(url: string, body: { username: string; password: string } | { api_key: string }): Promise<string> {
  const response = await fetch(`${url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as { access_token: string }).access_token;
}
