import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** True unless the OS says no process has this id (EPERM means it exists but is not ours). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let bootTimeMs: number | undefined | null;

/**
 * When a process started (ms since the epoch), from /proc on Linux; undefined elsewhere.
 * Lets a reader tell a live owner from an unrelated process that reused its pid.
 */
export function processStartTime(pid: number): number | undefined {
  try {
    if (bootTimeMs === undefined) {
      const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
      bootTimeMs = btime ? Number(btime[1]) * 1000 : null;
    }
    if (bootTimeMs === null) return undefined;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime, in clock ticks of 1/100 s) comes after the parenthesised command name.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? bootTimeMs + ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/** A killed child its parent has not reaped yet still answers kill(pid, 0). */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/** /proc's boot time has one-second precision. */
const START_TIME_SLACK_MS = 2_000;

/**
 * Whether process `pid` on this host is gone, or is a different process that reused the
 * pid: one that started after `notBefore` (when the owner was known to be running).
 */
export function localOwnerGone(pid: number, notBefore: number): boolean {
  if (!isProcessAlive(pid) || isZombie(pid)) return true;
  const started = processStartTime(pid);
  return started !== undefined && Number.isFinite(notBefore) && started > notBefore + START_TIME_SLACK_MS;
}

export const thisHost = (): string => hostname();
