// cachePolicy and cacheExpiration (ZenML's CachePolicy): what enters a step's cache key, and when an entry stops being reused.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pipeline, step, type PipelineRunResult } from '../../src/index.js';
import { cacheExpirationSeconds } from '../../src/core/cache-policy.js';
import { sdkSandbox } from './sdk-sandbox.js';

const box = sdkSandbox('zenml-cache-policy-');
const statuses = (run: PipelineRunResult) => Object.fromEntries(Object.entries(run.steps).map(([id, s]) => [id, s.status]));

describe('cache policies', () => {
  test('includeStepParameters: false reuses the result whatever the parameters', async () => {
    const greet = step({ name: 'greet_params', cachePolicy: { includeStepParameters: false } }, ({ who }: { who: string }) => `hi ${who}`);
    const p = pipeline({ name: 'params_policy' }, ({ who }: { who: string }) => {
      greet({ who });
    });
    await p({ who: 'a' });
    const again = await p({ who: 'b' });
    assert.deepEqual(statuses(again), { greet_params: 'cached' });
    assert.equal(await again.steps.greet_params.outputs.output.load(), 'hi a');
  });

  test('ignoredInputs leaves one input out of the key, the others still count', async () => {
    const load = step({ name: 'ignored_load' }, ({ n }: { n: number }) => n);
    const sum = step({ name: 'ignored_sum', cachePolicy: { ignoredInputs: ['noise'] } }, ({ x, noise, k }: { x: number; noise: number; k: number }) => x + k + noise * 0);
    const p = pipeline({ name: 'ignored_policy' }, ({ noise, k }: { noise: number; k: number }) => {
      sum({ x: load({ n: noise }), noise, k });
    });
    await p({ noise: 1, k: 1 });
    // `noise` changes the parameter (ignored) and the upstream value `x` (not ignored): a miss.
    assert.equal((await p({ noise: 2, k: 1 })).steps.ignored_sum.status, 'completed');
    const p2 = pipeline({ name: 'ignored_policy2' }, ({ noise }: { noise: number }) => {
      sum({ x: load({ n: 1 }), noise, k: 1 }, { id: 'only_noise' });
    });
    await p2({ noise: 1 });
    assert.equal((await p2({ noise: 5 })).steps.only_noise.status, 'cached');
  });

  test('includeStepCode: false on the pipeline keeps a hit after the function changes', async () => {
    const make = (body: () => number) =>
      pipeline({ name: 'code_policy', cachePolicy: { includeStepCode: false } }, () => {
        step({ name: 'code_step' }, body)();
      });
    await make(() => 1)();
    const edited = await make(() => 2)();
    assert.deepEqual(statuses(edited), { code_step: 'cached' });
    // The step's own policy wins over the pipeline's, field by field.
    const strict = pipeline({ name: 'code_policy', cachePolicy: { includeStepCode: false } }, () => {
      step({ name: 'code_step', cachePolicy: { includeStepCode: true } }, () => 3)();
    });
    assert.deepEqual(statuses(await strict()), { code_step: 'completed' });
  });

  test('includeArtifactValues: false keys inputs by version id: same content under a new id misses', async () => {
    const clip = step({ name: 'ids_clip' }, ({ n }: { n: number }) => Math.min(n, 2));
    const double = step({ name: 'ids_double', cachePolicy: { includeArtifactValues: false } }, ({ x }: { x: number }) => x * 2);
    const p = pipeline({ name: 'ids_policy' }, ({ n }: { n: number }) => {
      double({ x: clip({ n }) });
    });
    await p({ n: 5 });
    assert.deepEqual(statuses(await p({ n: 6 })), { ids_clip: 'completed', ids_double: 'completed' });
    assert.deepEqual(statuses(await p({ n: 6 })), { ids_clip: 'cached', ids_double: 'cached' });
  });

  test('an expired cache entry is not reused; a fresh one is', async () => {
    const now = step({ name: 'expiring' }, () => Date.now());
    const p = pipeline({ name: 'expiry' }, () => {
      now();
    });
    const first = await p();
    assert.equal((await p.withOptions({ cacheExpiration: '7d' })()).steps.expiring.status, 'cached');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const expired = await p.withOptions({ cacheExpiration: 1 })();
    assert.equal(expired.steps.expiring.status, 'completed');
    assert.notEqual(await expired.steps.expiring.outputs.output.load(), await first.steps.expiring.outputs.output.load());
  });

  test('the YAML run config takes ZenML keys: cache_policy with snake_case fields and cache_expiration', async () => {
    const config = join(box.sandbox.dir, 'cache.yaml');
    writeFileSync(config, 'cache_expiration: 12h\nsteps:\n  yaml_greet:\n    cache_policy:\n      include_step_parameters: false\n      ignored_inputs: [who]\n');
    const greet = step({ name: 'yaml_greet' }, ({ who }: { who: string }) => who);
    const p = pipeline({ name: 'yaml_policy' }, ({ who }: { who: string }) => {
      greet({ who });
    });
    const compiled = await p.withOptions({ configPath: config }).compile({ who: 'a' });
    assert.deepEqual(compiled.spec.steps[0].config.cachePolicy, { includeStepParameters: false, ignoredInputs: ['who'] });
    assert.equal(compiled.spec.steps[0].config.cacheExpiration, 12 * 3600);
    writeFileSync(config, 'steps:\n  yaml_greet:\n    cache_policy:\n      include_code: false\n');
    await assert.rejects(p.withOptions({ configPath: config }).compile({ who: 'a' }), /include_code/);
  });

  test('a cache expiration is seconds or a duration; anything else is refused', () => {
    assert.equal(cacheExpirationSeconds(90, 'x'), 90);
    assert.equal(cacheExpirationSeconds('30m', 'x'), 1800);
    assert.equal(cacheExpirationSeconds('7d', 'x'), 7 * 86_400);
    assert.throws(() => cacheExpirationSeconds('soon', 'step s'), /step s: cache expiration "soon" is not a duration/);
    assert.throws(() => cacheExpirationSeconds(-1, 'x'), /not a duration/);
  });
});
