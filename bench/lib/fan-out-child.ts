// One side of the fan-out bench in a fresh process and config: a `.map()` over 100 items, or
// the same 100 steps written out statically; prints { ms } (median of 3 uncached runs).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.ZENML_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'zenml-bench-fanout-'));
const { pipeline, step } = await import('../../src/index.js');
const N = 100;
const items = step({ name: 'items' }, () => Array.from({ length: N }, (_, i) => i));
const work = step({ name: 'work' }, ({ x }: { x: number }) => x * 2);
const mode = process.argv[2];
const p =
  mode === 'map'
    ? pipeline({ name: 'bench_map', enableCache: false }, () => {
        work.map({ x: items() });
      })
    : pipeline({ name: 'bench_static', enableCache: false }, () => {
        items();
        for (let i = 0; i < N; i++) work({ x: i });
      });
const times: number[] = [];
for (let run = 0; run < 3; run++) {
  const started = performance.now();
  const result = await p();
  if (result.status !== 'completed') throw new Error(result.error);
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ ms: times[1] }));
