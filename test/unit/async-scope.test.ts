// Values that follow an async call chain share one AsyncLocalStorage (src/core/async-scope.ts):
// each keeps its own value, nested runs change only their own, concurrent chains stay apart.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { scopedValue } from '../../src/core/async-scope.js';

describe('scoped values', () => {
  test('a nested run sets its own value and keeps the others', async () => {
    const step = scopedValue<string>('test.step');
    const sink = scopedValue<string>('test.sink');
    assert.equal(step.get(), undefined);
    await step.run('outer', async () => {
      await sink.run('log', async () => {
        await sleep(1);
        assert.deepEqual([step.get(), sink.get()], ['outer', 'log']);
        await step.run('inner', async () => {
          await sleep(1);
          assert.deepEqual([step.get(), sink.get()], ['inner', 'log']);
        });
        assert.deepEqual([step.get(), sink.get()], ['outer', 'log']);
      });
      assert.deepEqual([step.get(), sink.get()], ['outer', undefined]);
    });
    assert.equal(step.get(), undefined);
  });

  test('concurrent call chains each see their own value', async () => {
    const step = scopedValue<number>('test.concurrent');
    const seen = await Promise.all(
      [1, 2, 3].map((n) =>
        step.run(n, async () => {
          await sleep(5 - n);
          return step.get();
        }),
      ),
    );
    assert.deepEqual(seen, [1, 2, 3]);
  });

  test('two handles with one name share the value (two copies of the package in a process)', () => {
    const fromOneCopy = scopedValue<string>('test.shared');
    const fromAnother = scopedValue<string>('test.shared');
    const other = scopedValue<string>('test.other');
    fromOneCopy.run('value', () => {
      assert.equal(fromAnother.get(), 'value');
      assert.equal(other.get(), undefined);
    });
  });
});
