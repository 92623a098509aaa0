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
