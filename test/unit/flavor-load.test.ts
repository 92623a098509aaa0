import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadFlavorImplementation } from '../../src/stack/flavor-load.js';
import type { FlavorDescriptor, FlavorImplementation } from '../../src/stack/flavor.js';

function countingFlavor(load: () => Promise<FlavorImplementation<string>>): FlavorDescriptor<string> & { loads: number } {
  const flavor = {
    name: 'counting',
    type: 'orchestrator' as const,
    description: 'counts its loads',
    configSchema: { type: 'object' },
    plugin: 'zenml-flavor-counting',
    loads: 0,
    load: async () => {
      flavor.loads++;
      return load();
    },
  };
  return flavor;
}

// Every run builds its stack's components again; the implementation is imported once.
test('a flavor implementation is loaded once per descriptor and process', async () => {
  const flavor = countingFlavor(async () => ({ create: () => 'instance' }));
  const first = await loadFlavorImplementation(flavor);
  const second = await loadFlavorImplementation(flavor);
  assert.equal(flavor.loads, 1);
  assert.equal(second, first);
  assert.equal(second.create({ id: 'c', name: 'c', config: {}, configDir: '/tmp' }), 'instance');
});

test('a load that failed is tried again next time, and the error names the plugin', async () => {
  let broken = true;
  const flavor = countingFlavor(async () => {
    if (broken) throw new Error("Cannot find module 'left-pad'");
    return { create: () => 'fixed' };
  });
  await assert.rejects(loadFlavorImplementation(flavor), /Plugin zenml-flavor-counting \(orchestrator flavor 'counting'\) failed to load: Cannot find module 'left-pad'/);
  broken = false;
  const implementation = await loadFlavorImplementation(flavor);
  assert.equal(flavor.loads, 2);
  assert.equal(implementation.create({ id: 'c', name: 'c', config: {}, configDir: '/tmp' }), 'fixed');
});

test('a load that returns no create() is refused every time, not kept', async () => {
  const flavor = countingFlavor(async () => ({}) as FlavorImplementation<string>);
  for (let i = 0; i < 2; i++) await assert.rejects(loadFlavorImplementation(flavor), /returned no create\(\) function/);
  assert.equal(flavor.loads, 2);
});
