// Saving and loading a 1 GiB Float32Array through saveArtifact/loadArtifact (local artifact
// store, TypedArray materializer) against raw fs calls on a 1 GiB file. Each side runs in
// its own fresh process so its peak RSS is its own.
import { join } from 'node:path';
import { GiB, MiB, result } from '../lib/results.js';
import { nodeTimed, REPO_ROOT } from '../lib/spawn.js';
import { median } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const SCENARIO = 'core-artifact-io';
const CHILD = join(REPO_ROOT, 'bench', 'lib', 'artifact-io-child.ts');

interface Figures {
  writeMs: number[];
  copyMs?: number[];
  readMs: number[];
  peakRssMiB: number;
}

function child(mode: 'raw' | 'zenml'): Figures {
  const { stdout } = nodeTimed(['--expose-gc', '--import', 'tsx', CHILD, mode], { cwd: REPO_ROOT });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

const throughput = (samples: number[]) => GiB / MiB / (median(samples) / 1000);

export default async function (): Promise<BenchResult[]> {
  const raw = child('raw');
  const zen = child('zenml');
  const copy = { name: 'raw fs.copyFile of a 1 GiB file', value: throughput(raw.copyMs!) };
  const target = '≥ 85 % of raw copy throughput';
  const runs = `median of ${raw.writeMs.length}`;
  return [
    result({ scenario: SCENARIO, metric: `saveArtifact(1 GiB Float32Array), ${runs}`, value: throughput(zen.writeMs), unit: 'MiB/s', floor: copy, target, pass: throughput(zen.writeMs) >= 0.85 * copy.value }),
    result({ scenario: SCENARIO, metric: `loadArtifact(1 GiB Float32Array), ${runs}`, value: throughput(zen.readMs), unit: 'MiB/s', floor: copy, target, pass: throughput(zen.readMs) >= 0.85 * copy.value }),
    result({ scenario: SCENARIO, metric: 'saveArtifact against writing the same bytes', value: throughput(zen.writeMs), unit: 'MiB/s', floor: { name: 'raw fs.writeFile', value: throughput(raw.writeMs) } }),
    result({ scenario: SCENARIO, metric: 'loadArtifact against reading the same bytes', value: throughput(zen.readMs), unit: 'MiB/s', floor: { name: 'raw fs.readFile', value: throughput(raw.readMs) } }),
    result({
      scenario: SCENARIO,
      metric: 'peak RSS of the process (array in memory, save, load)',
      value: zen.peakRssMiB,
      unit: 'MiB',
      floor: { name: 'raw process (array, writeFile, copyFile, readFile)', value: raw.peakRssMiB },
      note: 'Peak RSS includes the 1 GiB source array and the 1 GiB loaded array; both sides hold the same two. Files are in the page cache (a `sync` runs before each timed phase), so these are memory-to-page-cache speeds, not disk speeds.',
    }),
  ];
}
