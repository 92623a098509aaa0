import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { checkDescriptor } from '../../src/stack/flavor-descriptor.js';
import { loadFlavorRegistry } from '../../src/stack/flavor-registry.js';
import { createSandbox, useSandboxEnv } from '../helpers/sandbox.js';

const sandbox = createSandbox('zenml-core-flavors-');
const restore = useSandboxEnv(sandbox);
after(() => {
  restore();
  sandbox.cleanup();
});

// Loading flavors skips the descriptor check for the built-in plugins (it compiled every
// schema on every command): this test is the check they no longer get at run time.
test('every built-in flavor descriptor passes the check installed plugins get', async () => {
  const registry = await loadFlavorRegistry();
  const flavors = registry.list();
  assert.ok(flavors.length >= 4, `only ${flavors.length} flavors`);
  for (const flavor of flavors) {
    const { plugin: _plugin, ...descriptor } = flavor;
    assert.equal(await checkDescriptor(descriptor), undefined, `${flavor.type}/${flavor.name} of ${flavor.plugin}`);
  }
});
