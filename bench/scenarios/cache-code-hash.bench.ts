// Hashing what 100 steps' code depends on (their files and local imports), once per run, against computing their cache keys.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeDependencyHasher } from '../../src/execution/code-dependencies.js';
import { computeCacheKey } from '../../src/execution/cache-key.js';
import type { StepSpec } from '../../src/core/snapshot.js';
import { result } from '../lib/results.js';
import { interleavedMedians } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const SCENARIO = 'cache-code-hash';
const STEPS = 100;
const STEP_FILES = 10;
const LIB_MODULES = 20;
const RUNS = 21;

export default async function (): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-bench-codehash-'));
  try {
    // 20 library modules in a chain, each ~4 KB; 10 step files each importing the head of the chain.
    mkdirSync(join(dir, 'lib'));
    for (let i = 0; i < LIB_MODULES; i++) {
      const next = i + 1 < LIB_MODULES ? `import { f${i + 1} } from './m${i + 1}.js';\n` : '';
      writeFileSync(join(dir, 'lib', `m${i}.ts`), `${next}export const f${i} = (x: number) => x + ${i};\n${'// filler\n'.repeat(400)}`);
    }
    const stepFiles = Array.from({ length: STEP_FILES }, (_, i) => {
      const file = join(dir, `steps${i}.ts`);
      writeFileSync(file, `import { step } from 'zenml';\nimport { f0 } from './lib/m0.js';\n${'export const s = step({ name: "s" }, () => f0(1));\n'.repeat(10)}`);
      return file;
    });
    const spec = (i: number): StepSpec => ({
      id: `s${i}`,
      stepName: `s${i}`,
      sourceHash: 'x'.repeat(32),
      parameters: { i },
      inputs: {},
      upstream: [],
      outputs: [{ name: 'output', artifactName: `p::s${i}::output`, tags: [] }],
      config: { enableCache: true, settings: {}, extra: {}, tags: [], secrets: [] },
    });
    const times = await interleavedMedians(RUNS, {
      hashed: () => {
        const hasher = new CodeDependencyHasher();
        for (let i = 0; i < STEPS; i++) hasher.hashOf(stepFiles[i % STEP_FILES]);
      },
      perStep: () => {
        for (let i = 0; i < STEPS; i++) new CodeDependencyHasher().hashOf(stepFiles[i % STEP_FILES]);
      },
      keys: () => {
        for (let i = 0; i < STEPS; i++) computeCacheKey({ projectId: 'default', artifactStoreId: 'a', step: spec(i), inputIdentities: { data: 'h' } });
      },
    });
    const load = (await import('node:os')).loadavg()[0].toFixed(1);
    return [
      result({
        scenario: SCENARIO,
        metric: `code dependency hashes for a ${STEPS}-step pipeline (${STEP_FILES} step files, ${LIB_MODULES} imported modules), one hasher per run (median of ${RUNS})`,
        value: times.hashed,
        unit: 'ms',
        floor: { name: `computing the ${STEPS} cache keys themselves`, value: times.keys },
        target: '≤ 20 ms per run',
        pass: times.hashed <= 20,
        note: `Without the per-run cache (a hasher per step) it takes ${times.perStep.toFixed(1)} ms. Load average ${load} at the start.`,
      }),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
