// Dynamic fan-out: a run whose `.map()` step expands to 100 elements at run time, against the
// same 100 steps known at compile time (in process, cache off), each side in a fresh process.
import { join } from 'node:path';
import { result } from '../lib/results.js';
import { nodeTimed, REPO_ROOT } from '../lib/spawn.js';
import type { BenchResult } from '../types.js';

const CHILD = join(REPO_ROOT, 'bench', 'lib', 'fan-out-child.ts');

function side(mode: 'map' | 'static'): number {
  const { stdout } = nodeTimed(['--import', 'tsx', CHILD, mode], { cwd: REPO_ROOT });
  return (JSON.parse(stdout.trim().split('\n').at(-1)!) as { ms: number }).ms;
}

export default async function (): Promise<BenchResult[]> {
  const fixed = side('static');
  const mapped = side('map');
  return [
    result({
      scenario: 'fan-out',
      metric: 'run of 1 + 100 steps, 100 of them from .map() over a list (median of 3)',
      value: mapped,
      unit: 'ms',
      floor: { name: 'the same 100 steps declared statically', value: fixed },
      target: '≤ 1.5 × the static pipeline',
      pass: mapped <= 1.5 * fixed,
      note: 'The mapped run reads the list once to count it and each element loads its item from it.',
    }),
  ];
}
