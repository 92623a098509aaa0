// HTTP requests one pipeline run costs through a ZenML server (auth on, SQLite behind it): a
// chain of N steps run in this process through the REST store, counted by the server. Per N:
// cache off, cache on with every step a miss (a new seed), and the same run again (every step
// a hit). Target ≤ 3 + 2N; ZenML's own figure, 18 + 6N, stands in the floor column.
import { chattinessRig } from '../../test/helpers/chattiness.js';
import { result } from '../lib/results.js';
import type { BenchResult } from '../types.js';

const SCENARIO = 'server-chattiness';
const STEP_COUNTS = [1, 5, 20];

export default async function (): Promise<BenchResult[]> {
  const rig = await chattinessRig();
  const results: BenchResult[] = [];
  try {
    for (const steps of STEP_COUNTS) {
      const cases = [
        { label: 'cache off', enableCache: false, seed: 1 },
        { label: 'cache on, all misses', enableCache: true, seed: 2 },
        { label: 'cache on, all hits', enableCache: true, seed: 2 },
      ];
      for (const [index, { label, enableCache, seed }] of cases.entries()) {
        const count = await rig.countRun(steps, { enableCache, seed, runName: `chatty-${steps}-${index}` });
        if (count.status !== 'completed') throw new Error(`the ${steps}-step run (${label}) ended ${count.status}`);
        if (count.cachedSteps !== (index === 2 ? steps : 0)) throw new Error(`the ${steps}-step run (${label}) had ${count.cachedSteps} cached steps`);
        const bound = 3 + 2 * steps;
        const routes = Object.entries(count.byRoute).map(([route, n]) => `${route} ×${n}`).join(', ');
        process.stderr.write(`N=${steps} ${label}: ${count.total} requests (${count.periodic} periodic, ${count.durationMs.toFixed(0)} ms) vs 3 + 2N = ${bound}, ZenML 18 + 6N = ${18 + 6 * steps}: ${routes}\n`);
        results.push(
          result({
            scenario: SCENARIO,
            metric: `requests for a ${steps}-step run, ${label}`,
            value: count.total,
            unit: 'requests',
            floor: { name: `ZenML's own figure, 18 + 6N = ${18 + 6 * steps}`, value: 18 + 6 * steps },
            target: `≤ 3 + 2N = ${bound}`,
            pass: count.total <= bound,
            note:
              'Counted by the server (an onResponse hook) from the call to the end of the run; the login before it is not counted. Per run: GET /stacks/:name/hydrated, POST /runs/start, the final PUT /runs/:id; per step: POST /steps/start (with the cache on it also returns the step run to reuse and its outputs) and POST /steps/:id/complete. Time-based calls come on top: the launcher polls for a stop request once a second through a server and every fifth poll is the heartbeat (none in runs shorter than a second).',
          }),
        );
      }
    }
  } finally {
    await rig.close();
  }
  return results;
}
