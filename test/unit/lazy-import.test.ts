import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lazyImport } from '../../src/core/lazy-import.js';

test('a lazy import loads its module on the first call only, and every call gets that module', async () => {
  let loads = 0;
  const module = lazyImport(async () => ({ loaded: ++loads }));
  assert.equal(loads, 0, 'nothing is loaded before the first call');
  const [first, second] = await Promise.all([module(), module()]);
  assert.equal(await module(), first);
  assert.equal(second, first);
  assert.equal(loads, 1);
});
