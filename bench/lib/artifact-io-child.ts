// One side of the core-artifact-io scenario, in a fresh process so its peak RSS is its own:
//   node --expose-gc --import tsx bench/lib/artifact-io-child.ts raw|zenml
// Prints {writeMs[], copyMs[]?, readMs[], peakRssMiB} as JSON on stdout.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GiB, peakRssMiB } from './results.js';
import { benchSandbox } from './sandbox.js';
import { timeMs } from './stats.js';

export const REPEATS = 5;
const LENGTH = GiB / Float32Array.BYTES_PER_ELEMENT;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
/** Flushes dirty pages so one phase's write-back does not slow down the next phase. */
const sync = () => spawnSync('sync');

function makeArray(): Float32Array {
  const values = new Float32Array(LENGTH);
  for (let i = 0; i < LENGTH; i++) values[i] = (i % 1024) * 0.5;
  return values;
}

function check(loaded: Float32Array | Buffer): void {
  const view = loaded instanceof Float32Array ? loaded : new Float32Array(loaded.buffer, loaded.byteOffset, loaded.byteLength / 4);
  if (view.length !== LENGTH || view[LENGTH - 1] !== ((LENGTH - 1) % 1024) * 0.5 || view[1234567] !== (1234567 % 1024) * 0.5) {
    throw new Error('the loaded array differs from the saved one');
  }
}

async function raw() {
  const dir = await mkdtemp(join(tmpdir(), 'zenml-bench-raw-'));
  try {
    const values = makeArray();
    const bytes = new Uint8Array(values.buffer);
    const writeMs: number[] = [];
    const copyMs: number[] = [];
    const readMs: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const source = join(dir, `source-${i}.bin`);
      const copy = join(dir, `copy-${i}.bin`);
      sync();
      writeMs.push(await timeMs(() => writeFile(source, bytes)));
      sync();
      copyMs.push(await timeMs(() => copyFile(source, copy)));
      sync();
      let loaded: Buffer | undefined;
      readMs.push(await timeMs(async () => (loaded = await readFile(copy))));
      check(loaded!);
      loaded = undefined;
      gc();
      await rm(source);
      await rm(copy);
    }
    return { writeMs, copyMs, readMs, peakRssMiB: peakRssMiB() };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function zenml() {
  const sandbox = benchSandbox({ apply: true });
  try {
    const { saveArtifact, loadArtifact } = await import('zenml');
    await saveArtifact(new Float32Array(4), 'warm_up'); // opens the store and loads the modules
    const values = makeArray();
    const writeMs: number[] = [];
    const readMs: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      sync();
      let saved: Awaited<ReturnType<typeof saveArtifact>> | undefined;
      writeMs.push(await timeMs(async () => (saved = await saveArtifact(values, 'big_array'))));
      sync();
      let loaded: Float32Array | undefined;
      readMs.push(await timeMs(async () => (loaded = await loadArtifact<Float32Array>('big_array', saved!.version))));
      check(loaded!);
      loaded = undefined;
      gc();
      // The raw side deletes its files after each round too: gigabytes of earlier rounds left
      // in the page cache slow the next round's writes down (seen on this VM), for either side.
      await rm(saved!.uri, { recursive: true, force: true });
    }
    return { writeMs, readMs, peakRssMiB: peakRssMiB() };
  } finally {
    sandbox.dispose();
  }
}

const mode = process.argv[2];
if (mode !== 'raw' && mode !== 'zenml') throw new Error('usage: artifact-io-child.ts raw|zenml');
const figures = mode === 'raw' ? await raw() : await zenml();
process.stdout.write(`${JSON.stringify(figures)}\n`);
process.exit(0);
