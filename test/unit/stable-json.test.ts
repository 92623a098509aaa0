import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stableStringify } from '../../src/core/stable-json.js';

test('stableStringify sorts keys at every depth, keeps array order, and gives equal text for equal values', () => {
  const a = { b: 1, a: { d: [{ z: 1, y: 2 }, 3], c: new Date(0) } };
  const b = { a: { c: new Date(0), d: [{ y: 2, z: 1 }, 3] }, b: 1 };
  assert.equal(stableStringify(a), '{"a":{"c":"1970-01-01T00:00:00.000Z","d":[{"y":2,"z":1},3]},"b":1}');
  assert.equal(stableStringify(a), stableStringify(b));
  // Already in order: the same text, and the value is not changed.
  const sorted = { a: 1, b: { c: 2, d: 3 } };
  assert.equal(stableStringify(sorted), '{"a":1,"b":{"c":2,"d":3}}');
  assert.deepEqual(Object.keys(sorted), ['a', 'b']);
  assert.equal(stableStringify({ E: 1, e: 2, é: 3 }), '{"E":1,"e":2,"é":3}');
  assert.equal(stableStringify([{ b: 1, a: 2 }, null, 'x']), '[{"a":2,"b":1},null,"x"]');
});
