import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { drawDag } from '../../src/cli/dag-graph.js';
import { MAX_ARRAY_ITEMS, toJsonView } from '../../src/cli/json-value.js';
import { ZenError } from '../../src/core/errors.js';

describe('toJsonView (artifact inspect --load)', () => {
  test('plain JSON passes through', () => {
    const value = { a: [1, 'two', true, null], b: { c: 1.5 } };
    assert.deepEqual(toJsonView(value), { value, notes: [] });
  });

  test('Map, Set, Date, bigint and non-finite numbers get a JSON form', () => {
    const { value, notes } = toJsonView({
      map: new Map<unknown, unknown>([['k', 1n], [2, new Set([1, 2])]]),
      when: new Date('2024-01-02T03:04:05.000Z'),
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
    });
    assert.deepEqual(value, { map: [['k', '1'], [2, [1, 2]]], when: '2024-01-02T03:04:05.000Z', nan: 'NaN', inf: 'Infinity' });
    assert.deepEqual(notes, []);
  });

  test('typed arrays become arrays, truncated past the limit with a note', () => {
    assert.deepEqual(toJsonView(new Int16Array([1, -2, 3])).value, [1, -2, 3]);
    assert.deepEqual(toJsonView(new BigInt64Array([5n])).value, ['5']);
    assert.deepEqual(toJsonView(Buffer.from('hi')).value, [104, 105]);
    const long = toJsonView({ xs: new Float64Array(MAX_ARRAY_ITEMS + 5).fill(1) });
    assert.equal((long.value as { xs: number[] }).xs.length, MAX_ARRAY_ITEMS);
    assert.deepEqual(long.notes, [`Float64Array at xs truncated to ${MAX_ARRAY_ITEMS} of ${MAX_ARRAY_ITEMS + 5} items`]);
  });

  test('class instances, functions, symbols and cycles are refused with a ZenError', () => {
    class Model {
      weights = [1];
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const value of [new Model(), () => 1, Symbol('s'), cyclic, { nested: [new Model()] }]) {
      assert.throws(() => toJsonView(value), (error: unknown) => error instanceof ZenError && /not JSON-representable/.test(error.message));
    }
    assert.throws(() => toJsonView({ nested: [new Model()] }), /a Model instance at nested\[0\]/);
    class Estimator {}
    assert.throws(() => toJsonView([new Estimator()]), /an Estimator instance at \[0\]/);
  });

  test('a shared (non-cyclic) object is fine', () => {
    const shared = { x: 1 };
    assert.deepEqual(toJsonView([shared, shared]).value, [{ x: 1 }, { x: 1 }]);
  });
});

describe('drawDag (pipeline runs describe --graph)', () => {
  test('a chain with a fan-out and a fan-in', () => {
    const text = drawDag([
      { id: 'load', upstream: [], label: 'ok' },
      { id: 'split', upstream: ['load'] },
      { id: 'a', upstream: ['split'] },
      { id: 'b', upstream: ['split'] },
      { id: 'join', upstream: ['a', 'b'] },
      { id: 'after_join', upstream: ['join'] },
      { id: 'lonely', upstream: [] },
    ]);
    assert.equal(
      text,
      [
        'load  ok',
        '↓ split',
        '├─▶ a',
        '│   └─▶ join  [needs a, b]',
        '│       ↓ after_join',
        '└─▶ b',
        '    └─▶ join  ↑ see above',
        'lonely',
      ].join('\n'),
    );
  });

  test('ascii mode uses only ASCII', () => {
    const text = drawDag([{ id: 'a', upstream: [] }, { id: 'b', upstream: ['a'] }, { id: 'c', upstream: ['a'] }, { id: 'd', upstream: ['c'] }], { ascii: true });
    assert.equal(text, ['a', '|-> b', '`-> c', '    v d'].join('\n'));
  });

  test('every node appears even in a cycle or with unknown upstream ids, and long chains do not overflow', () => {
    const cyc = drawDag([{ id: 'x', upstream: ['y'] }, { id: 'y', upstream: ['x'] }, { id: 'z', upstream: ['ghost'] }]);
    for (const id of ['x', 'y', 'z']) assert.match(cyc, new RegExp(`(^|▶ |↓ )${id}`, 'm'));
    const chain = Array.from({ length: 5000 }, (_, i) => ({ id: `s${i}`, upstream: i === 0 ? [] : [`s${i - 1}`] }));
    const lines = drawDag(chain).split('\n');
    assert.equal(lines.length, 5000);
    assert.equal(lines[4999], '↓ s4999', 'a chain stays at one depth');
  });
});
