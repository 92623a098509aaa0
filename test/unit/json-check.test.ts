import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertJsonSerializable } from '../../src/sdk/json-check.js';

describe('assertJsonSerializable', () => {
  test('accepts JSON values, nested', () => {
    for (const value of [null, 0, -1.5, 'x', true, [], {}, [1, 'a', null, { b: [false] }], Object.create(null)]) {
      assert.doesNotThrow(() => assertJsonSerializable(value, 'Parameter p'));
    }
  });

  class Model {}
  const cases: Array<[string, unknown, RegExp]> = [
    ['NaN', Number.NaN, /^Parameter p is NaN, which JSON cannot hold\./],
    ['Infinity', -Infinity, /is -Infinity/],
    ['a class instance', new Model(), /is a Model, which is not JSON-serializable/],
    ['a function', function train() {}, /function train/],
    ['an arrow function', () => 1, /function/],
    ['undefined', undefined, /undefined/],
    ['a bigint', 1n, /bigint/],
    ['a symbol', Symbol('s'), /symbol/],
    ['a Map', new Map(), /Map/],
    ['a Date', new Date(), /Date/],
    ['a typed array', new Float32Array(2), /Float32Array/],
  ];
  for (const [what, value, pattern] of cases) {
    test(`refuses ${what} with a one-line message naming the parameter`, () => {
      assert.throws(
        () => assertJsonSerializable(value, 'Parameter p'),
        (error: Error & { exitCode?: number }) => {
          assert.match(error.message, /^Parameter p /);
          assert.match(error.message, pattern);
          assert.ok(!error.message.includes('\n'));
          assert.equal(error.exitCode, 2);
          return true;
        },
      );
    });
  }

  test('refuses a circular value with one line naming where it loops, instead of overflowing the stack', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    const list: unknown[] = [1];
    list.push({ back: list });
    for (const [value, at] of [[loop, 'self'], [list, '[1].back'], [{ deep: { inner: loop } }, 'deep.inner.self']] as const) {
      assert.throws(
        () => assertJsonSerializable(value, 'Parameter p'),
        (error: Error & { exitCode?: number }) => {
          assert.equal(error.message.split('\n').length, 1);
          assert.ok(error.message.startsWith(`Parameter p (at ${at}) refers back to itself (a circular object)`), error.message);
          assert.equal(error.exitCode, 2);
          return true;
        },
      );
    }
  });

  test('nesting too deep for the stack is a one-line error, not a RangeError', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    assert.throws(() => assertJsonSerializable(deep, 'Parameter p'), (error: Error & { exitCode?: number }) => {
      assert.equal(error.message, 'Parameter p is nested too deeply to be stored as JSON. Flatten it, or produce it in a step so it becomes an artifact.');
      assert.equal(error.exitCode, 2);
      return true;
    });
  });

  test('the same object twice, without a cycle, is plain JSON', () => {
    const shared = { n: 1 };
    assert.doesNotThrow(() => assertJsonSerializable({ a: shared, b: [shared, shared] }, 'Parameter p'));
  });

  test('names the path of a nested bad value', () => {
    assert.throws(() => assertJsonSerializable({ a: { b: [1, Number.NaN] } }, 'Parameter cfg'), /Parameter cfg \(at a\.b\[1\]\) is NaN/);
    assert.throws(() => assertJsonSerializable([{ fn: () => 0 }], 'Parameter list'), /Parameter list \(at \[0\]\.fn\) is a function/);
  });
});
