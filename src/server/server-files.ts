import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from '../config/paths.js';

/** What a running server wrote about itself, in <configDir>/server/server.json. */
export interface ServerState {
  pid: number;
  url: string;
  host: string;
  port: number;
  database: string;
  /** ISO time it started listening. */
  started: string;
  version: string;
}

/** The server's files in a config dir: its state, its pid and its log. */
export function serverFiles(env: NodeJS.ProcessEnv = process.env) {
  const dir = join(configDir(env), 'server');
  return { dir, state: join(dir, 'server.json'), pid: join(dir, 'server.pid'), log: join(dir, 'server.log') };
}

export function readServerState(env: NodeJS.ProcessEnv = process.env): ServerState | undefined {
  const { state } = serverFiles(env);
  if (!existsSync(state)) return undefined;
  try {
    return JSON.parse(readFileSync(state, 'utf8')) as ServerState;
  } catch {
    return undefined;
  }
}

export function writeServerState(state: ServerState, env: NodeJS.ProcessEnv = process.env): void {
  const files = serverFiles(env);
  mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  atomicWrite(files.pid, `${state.pid}\n`);
  atomicWrite(files.state, `${JSON.stringify(state, null, 2)}\n`);
}

/** Removes the state and pid files if they still describe `pid` (a newer server's files stay). */
export function clearServerState(pid: number, env: NodeJS.ProcessEnv = process.env): void {
  const files = serverFiles(env);
  if (readServerState(env)?.pid !== pid) return;
  rmSync(files.state, { force: true });
  rmSync(files.pid, { force: true });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function atomicWrite(path: string, content: string): void {
  writeFileSync(`${path}.tmp`, content, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}
