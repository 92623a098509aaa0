import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REDACTED, Redactor } from '../../src/core/redaction.js';

describe('Redactor', () => {
  const redactor = new Redactor(['hunter2-xyz', 'hunter2', 'ab']);

  test('texts: longer values first, short values left alone', () => {
    assert.equal(redactor.text('pw=hunter2-xyz or hunter2, ab'), `pw=${REDACTED} or ${REDACTED}, ab`);
    assert.equal(Redactor.none.text('hunter2'), 'hunter2');
    assert.equal(redactor.longest, 'hunter2-xyz'.length);
  });

  test('values: a redacted copy of strings in arrays and objects, keys included; class instances untouched', () => {
    const date = new Date(0);
    const input = { 'k-hunter2': ['x hunter2', 1, null, { deep: 'hunter2-xyz' }], date };
    const output = redactor.value(input);
    assert.deepEqual(output, { 'k-****': ['x ****', 1, null, { deep: '****' }], date });
    assert.equal(output.date, date);
    assert.equal(input['k-hunter2'][0], 'x hunter2', 'the original is not changed');
    const cyclic: any = { name: 'hunter2' };
    cyclic.self = cyclic;
    const copy = redactor.value(cyclic);
    assert.equal(copy.name, '****');
    assert.equal(copy.self, copy);
  });

  test('errors of any type', () => {
    assert.equal(redactor.error('bad hunter2'), 'bad ****');
    assert.deepEqual(redactor.error({ detail: 'hunter2' }), { detail: '****' });
    assert.equal(redactor.error(42), 42);
    const inner = new Error('inner hunter2');
    const error = new AggregateError([inner, 'string hunter2'], 'outer hunter2', { cause: new Error('cause hunter2') }) as AggregateError & { extra?: string };
    error.extra = 'field hunter2';
    assert.equal(redactor.error(error), error, 'an Error keeps its identity');
    assert.equal(error.message, 'outer ****');
    assert.ok(!error.stack!.includes('hunter2'));
    assert.equal((error.cause as Error).message, 'cause ****');
    assert.equal(inner.message, 'inner ****');
    assert.equal(error.errors[1], 'string ****');
    assert.equal(error.extra, 'field ****');
    const frozen = Object.freeze(new Error('frozen hunter2'));
    assert.equal(redactor.error(frozen), frozen, 'a frozen error does not throw');
  });
});
