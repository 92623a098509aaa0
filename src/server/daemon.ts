/**
 * The server as a background process of this config dir: `zenml server start --daemon` starts
 * a detached `zenml server start` whose output goes to <configDir>/server/server.log; stop,
 * status and logs find it through the files it writes (server-files.ts).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError, ZenError } from '../core/errors.js';
import { clearServerState, isAlive, readServerState, serverFiles, type ServerState } from './server-files.js';
import { checkBindAllowed, defaultDatabase, redactDatabase, runningServer, DEFAULT_HOST, DEFAULT_PORT, type StartOptions } from './start.js';

export interface DaemonStart extends StartOptions {
  /** The CLI entry point to run (bin/run.js of this package). */
  cliScript: string;
  /** How long to wait for the server to answer /health. */
  timeoutMs?: number;
}

export async function startDaemon(options: DaemonStart): Promise<ServerState & { logFile: string }> {
  const env = options.env ?? process.env;
  const host = options.host ?? DEFAULT_HOST;
  const database = options.database ?? defaultDatabase(env);
  const existing = runningServer(env);
  if (existing) throw new UsageError(`A server started from this config dir is already running at ${existing.url} (pid ${existing.pid}).`, 'Stop it with `zenml server stop` first.');
  // Refused here in the caller's terminal, not in a log file the detached server would write.
  await checkBindAllowed(host, database, env);
  const files = serverFiles(env);
  mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  const log = openSync(files.log, 'a', 0o600);
  const args = [options.cliScript, 'server', 'start', '--host', host, '--port', String(options.port ?? DEFAULT_PORT), '--database', database];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log], env });
  closeSync(log);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  child.unref();

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    const state = readServerState(env);
    if (state && state.pid === child.pid && (await healthy(state.url))) return { ...state, logFile: files.log };
    if (exited !== undefined) throw new ZenError(`The server exited during start-up (code ${exited}): ${lastLines(files.log, 1)}`, { hint: `See ${files.log}.` });
    await sleep(100);
  }
  if (child.pid) process.kill(child.pid, 'SIGTERM');
  throw new ZenError(`The server did not answer within ${(options.timeoutMs ?? 30_000) / 1000} s.`, { hint: `See ${files.log}.` });
}

export interface ServerStatus {
  running: boolean;
  url?: string;
  pid?: number;
  uptimeSeconds?: number;
  database?: string;
  version?: string;
  healthy?: boolean;
  logFile: string;
}

export async function serverStatus(env: NodeJS.ProcessEnv = process.env): Promise<ServerStatus> {
  const logFile = serverFiles(env).log;
  const state = readServerState(env);
  if (!state || !isAlive(state.pid)) return { running: false, logFile };
  return {
    running: true,
    url: state.url,
    pid: state.pid,
    uptimeSeconds: Math.round((Date.now() - Date.parse(state.started)) / 1000),
    database: redactDatabase(state.database),
    version: state.version,
    healthy: await healthy(state.url),
    logFile,
  };
}

/** Stops the server of this config dir: SIGTERM, then SIGKILL if it has not exited in time. */
export async function stopServer(env: NodeJS.ProcessEnv = process.env, timeoutMs = 10_000): Promise<{ stopped: boolean; pid?: number }> {
  const state = readServerState(env);
  if (!state) return { stopped: false };
  if (!isAlive(state.pid)) {
    clearServerState(state.pid, env);
    return { stopped: false, pid: state.pid };
  }
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(state.pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(state.pid)) process.kill(state.pid, 'SIGKILL');
  clearServerState(state.pid, env);
  return { stopped: true, pid: state.pid };
}

export async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export function readLog(env: NodeJS.ProcessEnv = process.env, tail?: number): string {
  const { log } = serverFiles(env);
  if (!existsSync(log)) return '';
  const text = readFileSync(log, 'utf8');
  if (tail === undefined) return text;
  return lastLines(log, tail);
}

/** Calls `write` with what is appended to the log from now on, until `signal` aborts. */
export async function followLog(write: (chunk: string) => void, signal: AbortSignal, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { log } = serverFiles(env);
  let offset = existsSync(log) ? statSync(log).size : 0;
  while (!signal.aborted) {
    const size = existsSync(log) ? statSync(log).size : 0;
    if (size < offset) offset = 0; // truncated or replaced
    if (size > offset) {
      write(readFileSync(log).subarray(offset, size).toString('utf8'));
      offset = size;
    }
    await sleep(200, undefined, { signal }).catch(() => undefined);
  }
}

function lastLines(path: string, count: number): string {
  if (!existsSync(path)) return '';
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(-count).join('\n') + (lines.length && count > 0 ? '\n' : '');
}
