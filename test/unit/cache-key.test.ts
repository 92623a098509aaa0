import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeCacheKey, type CacheKeyInputs } from '../../src/execution/cache-key.js';
import type { StepSpec } from '../../src/core/snapshot.js';

function inputs(change: { step?: Partial<StepSpec>; settings?: Record<string, unknown>; inputs?: Record<string, string>; artifactStoreId?: string; projectId?: string } = {}): CacheKeyInputs {
  const step: StepSpec = {
    id: 'train',
    stepName: 'train',
    sourceHash: 'abc',
    parameters: { trees: 10, depth: 3 },
    inputs: {},
    upstream: [],
    outputs: [{ name: 'output', artifactName: 'p::train::output', tags: [] }],
    config: { enableCache: true, settings: change.settings ?? { resources: { cpu: 1 } }, extra: {}, tags: [], secrets: [] },
    ...change.step,
  };
  return {
    projectId: change.projectId ?? 'default',
    artifactStoreId: change.artifactStoreId ?? 'store',
    step,
    inputIdentities: change.inputs ?? { data: 'hash-1' },
  };
}

describe('cache key', () => {
  const base = computeCacheKey(inputs());

  test('is the same from one release to the next: a store keeps its cache hits after an upgrade', () => {
    // Computed by an earlier release; any change to how a key is written fails here.
    const step = inputs({
      step: { codeHash: 'def', parameters: { trees: 10, depth: 3, é: [1, { b: null, a: 'x"y' }] } },
      settings: { resources: { cpu: 1 }, orchestrator: { x: 1 } },
      inputs: { data: 'hash-1', b: 'id-2' },
    });
    assert.equal(computeCacheKey(step), 'a329289f122e8bcd9cbd1c468f0745e6a73e7129f832023cf21fb02e9ded1fbc');
    const withPolicy = { ...step, step: { ...step.step, config: { ...step.step.config, cachePolicy: { includeArtifactValues: false, ignoredInputs: ['b'] } } } };
    assert.equal(
      computeCacheKey({ ...withPolicy, inputIds: { data: 'id-1', b: 'id-2' }, secretDigests: { db: 'digest-1' } }),
      'c6db47ae2046cd4e447bd688c17b236882d30829b79dd21c49f22fe6686d3538',
    );
  });

  test('secret digests enter the key only when the step has them', () => {
    assert.equal(computeCacheKey({ ...inputs(), secretDigests: undefined }), base);
    const withSecret = computeCacheKey({ ...inputs(), secretDigests: { db: 'digest-1' } });
    assert.notEqual(withSecret, base);
    assert.notEqual(computeCacheKey({ ...inputs(), secretDigests: { db: 'digest-2' } }), withSecret);
    assert.equal(computeCacheKey({ ...inputs(), secretDigests: { db: 'digest-1' } }), withSecret);
  });

  test('is stable, and ignores parameter order and things that cannot change outputs', () => {
    assert.equal(computeCacheKey(inputs()), base);
    assert.equal(computeCacheKey(inputs({ step: { parameters: { depth: 3, trees: 10 } } })), base);
    assert.equal(computeCacheKey(inputs({ step: { id: 'train_2', upstream: ['x'] } })), base, 'ordering is not an input');
    assert.equal(computeCacheKey(inputs({ settings: { resources: { cpu: 1 }, orchestrator: { maxParallelism: 1 } } })), base, 'scheduling settings are not cache-relevant');
    assert.match(base, /^[0-9a-f]{64}$/);
  });

  const changes: Array<[string, Parameters<typeof inputs>[0]]> = [
    ['a parameter value', { step: { parameters: { trees: 11, depth: 3 } } }],
    ['an added parameter', { step: { parameters: { trees: 10, depth: 3, seed: 1 } } }],
    ['the source hash', { step: { sourceHash: 'abd' } }],
    ['the step name', { step: { stepName: 'fit' } }],
    ['an input identity', { inputs: { data: 'hash-2' } }],
    ['an input name', { inputs: { other: 'hash-1' } }],
    ['the output names', { step: { outputs: [{ name: 'model', artifactName: 'p::train::model', tags: [] }] } }],
    ['an output artifact name (another pipeline or invocation)', { step: { outputs: [{ name: 'output', artifactName: 'other::train::output', tags: [] }] } }],
    ['an output materializer', { step: { outputs: [{ name: 'output', artifactName: 'p::train::output', materializer: 'custom', tags: [] }] } }],
    ['the artifact store', { artifactStoreId: 'other-store' }],
    ['the project', { projectId: 'other' }],
    ['a cache-relevant setting', { settings: { resources: { cpu: 2 } } }],
  ];
  for (const [what, change] of changes) {
    test(`changes with ${what}`, () => assert.notEqual(computeCacheKey(inputs(change)), base));
  }
});
