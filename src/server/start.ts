/**
 * Runs a server in this process: opens the store behind `database`, builds the app, listens,
 * records itself in <configDir>/server/ and stops cleanly on SIGINT/SIGTERM.
 */
import { hkdfSync } from 'node:crypto';
import { hostname } from 'node:os';
import { defaultStorePath } from '../config/paths.js';
import { UsageError } from '../core/errors.js';
import { zenmlVersion } from '../core/version.js';
import { clearServerState, isAlive, readServerState, serverFiles, writeServerState, type ServerState } from './server-files.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8237;

export interface StartOptions {
  host?: string;
  port?: number;
  /** `sqlite:PATH` or `postgresql://USER@HOST:PORT/DB`; the local store by default. */
  database?: string;
  env?: NodeJS.ProcessEnv;
}

export interface RunningServer {
  state: ServerState;
  /** Resolves once the server has stopped (a signal, or `stop()`). */
  stopped: Promise<void>;
  stop(): Promise<void>;
}

export function defaultDatabase(env: NodeJS.ProcessEnv = process.env): string {
  return `sqlite:${defaultStorePath(env)}`;
}


/**
 * Checks where the server may listen before anything binds or forks (see assertBindAllowed,
 * the one rule): the store is opened only when the answer depends on it.
 */
export async function checkBindAllowed(host: string, database: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { assertBindAllowed, bindNeedsExistingAdmin } = await import('./auth/index.js');
  if (!bindNeedsExistingAdmin(host, env)) return;
  const { openZenStore } = await import('../store/open-store.js');
  const store = await openZenStore(database);
  try {
    await assertBindAllowed(host, store, env);
  } finally {
    await store.close();
  }
}

/** A server already recorded for this config dir and still alive, if any. */
export function runningServer(env: NodeJS.ProcessEnv = process.env): ServerState | undefined {
  const state = readServerState(env);
  return state && isAlive(state.pid) ? state : undefined;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const database = options.database ?? defaultDatabase(env);
  const existing = runningServer(env);
  if (existing) throw new UsageError(`A server started from this config dir is already running at ${existing.url} (pid ${existing.pid}).`, 'Stop it with `zenml server stop` first.');
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(database)) throw new UsageError(`--database '${database}' is not a database URL.`, 'Use sqlite:/path/to/zenml.db or postgresql://USER@HOST:PORT/DB.');

  const { openZenStore } = await import('../store/open-store.js');
  const { buildServer } = await import('./app.js');
  const { assertBindAllowed, createAuthSetup, ensureDefaultUser, loadServerSecretKey } = await import('./auth/index.js');
  const serverDir = serverFiles(env).dir;
  const store = await openZenStore(database);
  let app;
  try {
    await assertBindAllowed(host, store, env);
    await ensureDefaultUser(store, { serverDir, env });
    const serverKey = await loadServerSecretKey(serverDir, env);
    app = await buildServer({
      store,
      auth: createAuthSetup({ secretKey: serverKey, env }),
      authScheme: 'OAUTH2_PASSWORD_BEARER',
      secrets: { configDir: serverDir, key: derivedKey(serverKey, 'zenml-secrets') },
      logger: { level: env.ZENML_LOGGING_VERBOSITY?.toLowerCase() ?? 'warn' },
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  try {
    await app.listen({ host, port });
  } catch (error) {
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`Port ${port} on ${host} is in use.`, 'Pick another with --port.');
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`Cannot listen on ${host}: no such address on ${hostname()}.`, 'Pick another --host.');
    throw error;
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const state: ServerState = { pid: process.pid, url: `http://${urlHost}:${actualPort}`, host, port: actualPort, database: redactDatabase(database), started: new Date().toISOString(), version: zenmlVersion() };
  writeServerState(state, env);

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await app.close();
      await store.close();
      clearServerState(process.pid, env);
      resolveStopped();
    })());
  const onSignal = () => void stop();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { state, stopped, stop };
}

/** One key per purpose from the server key: signing tokens and sealing secrets never share key material. */
function derivedKey(serverKey: Uint8Array, purpose: string): string {
  return Buffer.from(hkdfSync('sha256', serverKey, Buffer.alloc(0), purpose, 32)).toString('hex');
}

/** A database URL fit to print and record: no password. */
export function redactDatabase(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}
