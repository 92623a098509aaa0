// The ZenML worker: a child `node` process (the user's Node, not the editor's) that loads the
// project's own zenml package and answers the extension's requests over IPC, one at a time.
// Why a separate process: zenml's SQLite store is a native addon built for that Node's ABI,
// which the desktop editor's Electron runtime could not load.
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkerReady, WorkerRequest, WorkerResponse, ZenApi } from '../protocol.js';
import { createHandlers, type ZenClient } from './handlers.js';

interface ZenModule {
  Client: new () => ZenClient;
}
interface ZenPluginModule {
  closeZenContexts(): Promise<void>;
}

async function entry(packageDir: string, subpath: '.' | './plugin'): Promise<string> {
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { exports?: Record<string, { import?: string } | string> };
  const target = manifest.exports?.[subpath];
  const file = typeof target === 'string' ? target : target?.import;
  if (!file) throw new Error(`${packageDir} is not the zenml package (no "${subpath}" export).`);
  return pathToFileURL(join(packageDir, file)).href;
}

async function main() {
  const packageDir = process.env.ZENML_VSCODE_PACKAGE;
  if (!packageDir || !process.send) throw new Error('Start this worker from the extension (ZENML_VSCODE_PACKAGE and an IPC channel).');
  const zen = (await import(await entry(packageDir, '.'))) as ZenModule;
  const plugin = (await import(await entry(packageDir, './plugin'))) as ZenPluginModule;
  const version = (JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;

  let client = new zen.Client();
  const configFile = join((await client.getStoreInfo()).configDir, 'config.yaml');
  // Checked before every request, so synchronously: this process answers one request at a
  // time, and an asynchronous stat's trip through the thread pool was a good part of a
  // request's round trip (a tree's load is a request or two).
  const mtime = (): number => {
    try {
      return statSync(configFile).mtimeMs;
    } catch {
      return 0;
    }
  };
  let seen = mtime();
  // The Client keeps the global config it read: when `zenml stack set` (or login) in a terminal
  // rewrote it, start over so the editor sees the change at once.
  async function freshClient() {
    const now = mtime();
    if (now !== seen) {
      seen = now;
      await plugin.closeZenContexts();
      client = new zen.Client();
    }
  }
  const handlers = createHandlers(() => client);

  let queue = Promise.resolve();
  process.on('message', (message: WorkerRequest) => {
    queue = queue.then(async () => {
      let response: WorkerResponse;
      try {
        await freshClient();
        const method = handlers[message.method] as (...args: unknown[]) => Promise<unknown>;
        if (typeof method !== 'function') throw new Error(`Unknown request '${message.method}'.`);
        response = { id: message.id, result: (await method(...message.params)) ?? null };
        if (message.method === 'setActiveStack' || message.method === 'login' || message.method === 'logout') seen = mtime();
      } catch (error) {
        const e = error as { message?: string; hint?: string };
        response = { id: message.id, error: { message: e.message ?? String(error), ...(e.hint ? { hint: e.hint } : {}) } };
      }
      process.send!(response);
    });
  });
  process.on('disconnect', () => {
    void plugin.closeZenContexts().finally(() => process.exit(0));
  });
  const ready: WorkerReady = { ready: true, zenmlVersion: version, zenmlPath: packageDir };
  process.send(ready);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.send?.({ fatal: message });
  console.error(message);
  process.exit(1);
});

export type { ZenApi };
