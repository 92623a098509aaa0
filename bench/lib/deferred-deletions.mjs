// Why a bench run keeps what its scenarios wrote until it ends, and may wait before it measures.
//
// On ext4 without a journal (the machines this project's CI and benchmarks run on), the inode
// allocator passes over every inode freed in the last 60 s, and for up to 300 s more while the
// inode's table block is not yet written back (`recently_deleted()` in the kernel's
// fs/ext4/ialloc.c). After a bulk delete (a scenario's sandbox, `npm run build` replacing
// dist/, the test suite's sandboxes) creating a file or folder there costs 0.5–1 ms instead of
// ~50 µs, for a minute or more: measured here, a 100-step chain, which creates a folder and a
// file per step, went from 1.0 to 2.3–3.4 ms a step. That is the machine's cost of another
// program's deletions, not zenml's. So scenarios move their sandboxes into this run's trash
// folder instead of deleting them (bench/lib/sandbox.ts), the trash goes when the run has
// measured everything, and before the first scenario the run waits, within a limit, until
// creating a file costs what it does on a settled file system.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Read by bench/lib/sandbox.ts in each scenario's process. */
export const TRASH_ENV = 'ZENML_BENCH_TRASH';

/** A settled file system creates a folder and a file in it in ~100 µs here; a disturbed one 1–2 ms. */
const SETTLED_MICROS = 250;
const PROBE_PAIRS = 40;

/** A folder for this run's leftovers, on the file system the scenarios write to. */
export function createTrash() {
  return mkdtempSync(join(tmpdir(), 'zenml-bench-trash-'));
}

export function removeTrash(trash) {
  rmSync(trash, { recursive: true, force: true });
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

/**
 * Flushes dirty blocks (which shortens the window to its 60 s), then probes every few seconds
 * until file creation is settled or `limitSeconds` passed. Returns the last probe and the wait.
 */
export async function settleFileCreation(trash, { limitSeconds = 90, onWait = () => {} } = {}) {
  const started = Date.now();
  try {
    execFileSync('sync');
  } catch {
    // No sync(1): the wait may be longer, nothing else changes.
  }
  let micros = fileCreationMicros(trash);
  while (micros > SETTLED_MICROS && Date.now() - started < limitSeconds * 1000) {
    onWait(micros);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    micros = fileCreationMicros(trash);
  }
  return { micros, waitedSeconds: Math.round((Date.now() - started) / 1000), settled: micros <= SETTLED_MICROS };
}
