import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZenError } from '../../core/errors.js';
import { schedulerDir } from '../../config/paths.js';
import { resolveCliEntrypoint } from '../../stack/step-entrypoint-args.js';
import { isProcessAlive } from '../process-liveness.js';

/** Set in the detached scheduler's environment: it then records its pid file itself. */
export const DAEMON_VARIABLE = 'ZENML_SCHEDULER_DAEMON';

export interface SchedulerDaemonStatus {
  running: boolean;
  pid?: number;
  pidFile: string;
  logFile: string;
}

export function daemonFiles(env: NodeJS.ProcessEnv = process.env): { pidFile: string; logFile: string } {
  const dir = schedulerDir(env);
  return { pidFile: join(dir, 'scheduler.pid'), logFile: join(dir, 'scheduler.log') };
}

function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function daemonStatus(env: NodeJS.ProcessEnv = process.env): SchedulerDaemonStatus {
  const files = daemonFiles(env);
  const pid = readPid(files.pidFile);
  const running = pid !== undefined && isProcessAlive(pid);
  return { running, ...(running ? { pid } : {}), ...files };
}

/** Called by the detached scheduler once its loop runs: the pid file says a daemon is up. Returns its remover. */
export function recordDaemonPid(env: NodeJS.ProcessEnv = process.env): () => void {
  const { pidFile } = daemonFiles(env);
  mkdirSync(schedulerDir(env), { recursive: true });
  const temporary = `${pidFile}.${process.pid}.tmp`;
  writeFileSync(temporary, `${process.pid}\n`);
  renameSync(temporary, pidFile);
  return () => {
    if (readPid(pidFile) === process.pid) rmSync(pidFile, { force: true });
  };
}

/**
 * Starts `zenml scheduler start` detached, its output appended to the log file, and waits
 * until it has recorded its pid (it is then firing). One daemon per config directory.
 */
export async function startDaemon(args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 20_000): Promise<SchedulerDaemonStatus> {
  const before = daemonStatus(env);
  if (before.running) throw new ZenError(`A scheduler daemon is already running (pid ${before.pid}).`, { hint: 'Stop it with `zenml scheduler stop` first.' });
  mkdirSync(schedulerDir(env), { recursive: true });
  rmSync(before.pidFile, { force: true });
  const log = openSync(before.logFile, 'a');
  const { command, args: cli } = resolveCliEntrypoint();
  const child = spawn(command, [...cli, 'scheduler', 'start', ...args], { detached: true, stdio: ['ignore', log, log], env: { ...env, [DAEMON_VARIABLE]: '1' } });
  closeSync(log);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  child.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const status = daemonStatus(env);
    if (status.running && status.pid === child.pid) return status;
    if (exited !== undefined) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (exited === undefined) child.kill('SIGTERM');
  const tail = existsSync(before.logFile) ? readFileSync(before.logFile, 'utf8').trim().split('\n').slice(-1)[0] : '';
  throw new ZenError(`The scheduler daemon did not start${tail ? `: ${tail}` : ''}.`, { hint: `See ${before.logFile}.` });
}

/** Stops the daemon (SIGTERM: runs already launched go on) and waits for it to exit. */
export async function stopDaemon(env: NodeJS.ProcessEnv = process.env, timeoutMs = 15_000): Promise<SchedulerDaemonStatus & { stopped: boolean }> {
  const status = daemonStatus(env);
  if (!status.running || status.pid === undefined) {
    rmSync(status.pidFile, { force: true });
    return { ...status, stopped: false };
  }
  process.kill(status.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(status.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (isProcessAlive(status.pid)) throw new ZenError(`The scheduler daemon (pid ${status.pid}) did not stop within ${timeoutMs / 1000} s.`, { hint: `Kill it with \`kill ${status.pid}\`.` });
  rmSync(status.pidFile, { force: true });
  return { running: false, pidFile: status.pidFile, logFile: status.logFile, pid: status.pid, stopped: true };
}
