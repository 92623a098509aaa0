// An N-step pipeline run through a server costs at most 3 + 2N HTTP requests (ZenML: 18 + 6N),
// cache off, cache on with misses and with hits; the launcher's time-based calls (stop poll,
// heartbeat) are counted apart and stay one per tick of run time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chattinessRig, type ChattinessRig } from '../helpers/chattiness.js';

let rig: ChattinessRig;
before(async () => {
  rig = await chattinessRig();
});
after(async () => {
  await rig?.close();
});

for (const steps of [1, 5, 12]) {
  test(`a ${steps}-step run costs ≤ 3 + 2N requests, cache off and on (misses, then hits)`, async () => {
    const cases = [
      { enableCache: false, seed: 1 },
      { enableCache: true, seed: 2 },
      { enableCache: true, seed: 2 },
    ];
    for (const [index, { enableCache, seed }] of cases.entries()) {
      const count = await rig.countRun(steps, { enableCache, seed, runName: `chatty-${steps}-${index}` });
      const detail = JSON.stringify(count.byRoute);
      assert.equal(count.status, 'completed');
      assert.ok(count.total - count.periodic <= 3 + 2 * steps, `${count.total - count.periodic} requests for ${steps} steps: ${detail}`);
      // One stop poll (or heartbeat) per second of run time, never one per step.
      assert.ok(count.periodic <= Math.ceil(count.durationMs / 1000) + 1, `${count.periodic} periodic requests in ${count.durationMs} ms: ${detail}`);
      assert.equal(count.cachedSteps, index === 2 ? steps : 0, index === 2 ? 'the same run again: every step a cache hit' : 'a new seed: no step is a hit');
    }
  });
}
