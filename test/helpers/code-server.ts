// A real VS Code workbench for the extension's end-to-end test: code-server 4.99.4 (VS Code
// 1.99.3) installed by scripts/services/code-server.sh into a cache outside the repo, started
// on 127.0.0.1 in its own process group (killed with it), with the extension from the .vsix.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './sandbox.js';

export const CODE_SERVER_DIR = process.env.ZENML_CODE_SERVER_DIR ?? '/tmp/zenml-code-server';
export const CHROMIUM = process.env.ZENML_CHROMIUM ?? '/usr/bin/chromium';
export const VSIX = join(REPO_ROOT, 'vscode', 'zenml-vscode-0.1.0.vsix');
const BIN = join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');

/** Why the workbench cannot run here, or undefined when it can. */
export function codeServerProblem(): string | undefined {
  if (!existsSync(BIN)) return `no code-server in ${CODE_SERVER_DIR} (install it with scripts/services/code-server.sh install)`;
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  return undefined;
}

export interface Workbench {
  url: string;
  process: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

/** Installs the .vsix into a fresh extensions dir and starts code-server on `folder`. */
export async function startWorkbench(options: { dir: string; folder: string; port: number; env: NodeJS.ProcessEnv }): Promise<Workbench> {
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run build\` first (it packages the extension).`);
  const { dir, folder, port, env } = options;
  const config = join(dir, 'code-server.yaml');
  mkdirSync(join(dir, 'ud', 'User'), { recursive: true });
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`); // keeps ~/.config untouched
  writeFileSync(
    join(dir, 'ud', 'User', 'settings.json'),
    JSON.stringify({
      'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'update.mode': 'none', 'workbench.tips.enabled': false,
      'terminal.integrated.enablePersistentSessions': false, 'zenml.pollSeconds': 1, 'zenml.activeRunPollSeconds': 1,
    }),
  );
  const common = ['--config', config, '--user-data-dir', join(dir, 'ud'), '--extensions-dir', join(dir, 'ext')];
  await promisify(execFile)(BIN, [...common, '--install-extension', VSIX, '--force'], { env, timeout: 120_000 });
  const child = spawn(BIN, [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-workspace-trust', folder], {
    env,
    detached: true, // its own process group: stopping it stops the extension host and terminals too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 120_000; // generous: a busy 2-core machine starts it slowly
  for (;;) {
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (healthy) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not start on port ${port}:\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return { url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`, process: child, log: () => output, stop };
}
