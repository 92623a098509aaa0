import assert from 'node:assert/strict';
import { test } from 'node:test';
import { declaredInputNames } from '../../src/sdk/step-signature.js';

test('the input names a step function destructures are read from its source', () => {
  assert.deepEqual(declaredInputNames(() => 1), []);
  assert.deepEqual(declaredInputNames(async () => 1), []);
  assert.deepEqual(declaredInputNames(({ a, b = 1 }: { a: number; b?: number }) => a + b), ['a', 'b']);
  assert.deepEqual(declaredInputNames(async ({ a: renamed, 'b-c': d = { x: [1, ','] }, e = '}' }: Record<string, unknown>) => [renamed, d, e]), ['a', 'b-c', 'e']);
  assert.deepEqual(declaredInputNames(function named({ x /* , y */ }: { x: number }) {
    return x;
  }), ['x']);
  assert.equal(declaredInputNames(({ a, ...rest }: Record<string, unknown>) => [a, rest]), 'any');
  assert.equal(declaredInputNames((inputs: unknown) => inputs), undefined);
  assert.equal(declaredInputNames(((x: unknown) => x) as never), undefined);
});
