// Plugin flavor descriptors that passed their check are remembered by fingerprint in the cache
// dir (src/stack/checked-descriptors.ts), so later commands skip compiling their schemas.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

const cacheDir = mkdtempSync(join(tmpdir(), 'zenml-checked-'));
const previous = process.env.ZENML_CACHE_DIR;
before(() => (process.env.ZENML_CACHE_DIR = cacheDir));
after(() => {
  if (previous === undefined) delete process.env.ZENML_CACHE_DIR;
  else process.env.ZENML_CACHE_DIR = previous;
  rmSync(cacheDir, { recursive: true, force: true });
});

const descriptor = (schema: object = { type: 'object', properties: { label: { type: 'string' } } }) => ({
  name: 'demo',
  type: 'orchestrator',
  description: 'A demo.',
  configSchema: schema,
  load: async () => ({ create: () => ({}) }),
});

const remembered = () => JSON.parse(readFileSync(join(cacheDir, 'checked-flavor-descriptors.json'), 'utf8')) as string[];

describe('checked flavor descriptors', () => {
  test('a descriptor that passes is remembered by a fingerprint of its data, keys in any order', async () => {
    const { checkDescriptor } = await import('../../src/stack/flavor-descriptor.js');
    const { descriptorFingerprint } = await import('../../src/stack/checked-descriptors.js');
    assert.equal(await checkDescriptor(descriptor()), undefined);
    assert.deepEqual(remembered(), [descriptorFingerprint(descriptor())]);
    const reordered = { load: descriptor().load, configSchema: { properties: { label: { type: 'string' } }, type: 'object' }, description: 'A demo.', type: 'orchestrator', name: 'demo' };
    assert.equal(descriptorFingerprint(reordered), descriptorFingerprint(descriptor()));
    assert.notEqual(descriptorFingerprint(descriptor({ type: 'object' })), descriptorFingerprint(descriptor()), 'another schema, another fingerprint');
  });

  test('a remembered descriptor is still refused when its load is not a function', async () => {
    const { checkDescriptor } = await import('../../src/stack/flavor-descriptor.js');
    assert.match((await checkDescriptor({ ...descriptor(), load: 'nope' }))!, /has no load\(\) function/);
  });

  test('a descriptor that fails is not remembered, and fails again', async () => {
    const { checkDescriptor } = await import('../../src/stack/flavor-descriptor.js');
    const bad = descriptor({ type: 'object', properties: { label: { $ref: '#/definitions/missing' } } });
    for (let i = 0; i < 2; i++) assert.match((await checkDescriptor(bad))!, /cannot be compiled/);
    assert.equal(remembered().length, 1);
  });

  test('a descriptor JSON cannot show whole has no fingerprint: it is checked every time', async () => {
    const { descriptorFingerprint } = await import('../../src/stack/checked-descriptors.js');
    assert.equal(descriptorFingerprint(descriptor({ type: 'object', properties: { label: { type: 'string', pattern: /x/ } } })), undefined);
    assert.equal(descriptorFingerprint({ ...descriptor(), extra: () => 1 }), undefined);
    assert.equal(descriptorFingerprint('not a descriptor'), undefined);
  });
});
