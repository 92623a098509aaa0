// Why a bench run keeps what its scenarios wrote until it ends, and may wait before it measures.
//
// On ext4 without a journal (the machines this project's CI and benchmarks run on), the inode
// allocator passes over every inode freed in the last 60 s, or 360 s while the inode's table
// block is not written back (`recently_deleted()` in the kernel's fs/ext4/ialloc.c), and new
// files in those blocks keep it unwritten. After a bulk delete (a scenario's sandbox,
// `npm run build` replacing dist/, the test suite's sandboxes) creating a file or folder costs
// 0.2–1 ms instead of ~50 µs for up to six minutes: measured here, a 100-step chain, which
// creates a folder and a file per step, went from 1.0 to 2.0–3.4 ms a step. That is the
// machine's cost of deletions, not zenml's. So scenarios move their sandboxes into this run's
// trash folder instead of deleting them (bench/lib/sandbox.ts), the trash goes when the run
// has measured everything, and a run started within that window of the last run's removal
// waits it out first. Deletions by other programs it cannot see; its report gives what file
// creation cost at the start.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Read by bench/lib/sandbox.ts in each scenario's process. */
export const TRASH_ENV = 'ZENML_BENCH_TRASH';

/** The longest window after a deletion (60 s + 300 s while unwritten), and a margin. */
export const WINDOW_SECONDS = 370;
const PROBE_PAIRS = 200;
/** When the last bench run removed its trash (its mtime). */
const REMOVAL_MARK = join(tmpdir(), 'zenml-bench-trash-removed');

/** A folder for this run's leftovers, on the file system the scenarios write to. */
export function createTrash() {
  return mkdtempSync(join(tmpdir(), 'zenml-bench-trash-'));
}

export function removeTrash(trash, mark = REMOVAL_MARK) {
  rmSync(trash, { recursive: true, force: true });
  writeFileSync(mark, `${new Date().toISOString()}\n`);
}

/** Seconds until the window of the last bench run's removal has passed (0 when it has). */
export function removalWindowLeft(now = Date.now(), mark = REMOVAL_MARK) {
  let removedAt;
  try {
    removedAt = statSync(mark).mtimeMs;
  } catch {
    return 0;
  }
  // Never more than the window: the file's time may run a little ahead of Date.now() (or far, after the clock was set back).
  return Math.min(WINDOW_SECONDS, Math.max(0, Math.ceil(WINDOW_SECONDS - (now - removedAt) / 1000)));
}

/**
 * Seconds left of the last bench run's removal window, waited out when `wait` (after a sync:
 * its blocks written back, the window can only shrink). Returns what was left at the start.
 */
export async function settleAfterLastRemoval({ wait, onWait = () => {} }) {
  if (!wait) return removalWindowLeft();
  try {
    execFileSync('sync');
  } catch {
    // No sync(1): nothing else changes.
  }
  const left = removalWindowLeft();
  if (left > 0) {
    onWait(left);
    await new Promise((resolve) => setTimeout(resolve, left * 1000));
  }
  return left;
}

/**
 * Median µs to create a folder and a small file in it, as an artifact write does. What it
 * creates stays in `trash` (deleting it would be the very disturbance it measures).
 */
export function fileCreationMicros(trash) {
  const probe = mkdtempSync(join(trash, 'probe-'));
  const samples = [];
  for (let i = 0; i < PROBE_PAIRS; i++) {
    const started = process.hrtime.bigint();
    mkdirSync(join(probe, String(i)));
    writeFileSync(join(probe, String(i), 'data'), 'x');
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}
