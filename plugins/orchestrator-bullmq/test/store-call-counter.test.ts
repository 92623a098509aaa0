import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { countStoreCalls, STORE_CALLS_VARIABLE } from '../src/store-call-counter.js';

describe("the bullmq benchmark's count of a worker's store calls", () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-store-calls-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('an at-once method that declined is not a call; the usual call after it, a nested call or a periodic one are counted as such', async () => {
    class Store {
      completeStepRunNow(done: boolean) {
        return done ? { id: 'a' } : undefined;
      }
      async completeStepRun() {
        return this.getStepRun();
      }
      async getStepRun() {
        return { id: 'a' };
      }
    }
    const store = new Store();
    const counter = countStoreCalls(store, { [STORE_CALLS_VARIABLE]: dir });
    store.completeStepRunNow(true);
    if (!store.completeStepRunNow(false)) await store.completeStepRun();
    await counter.periodic(() => store.getStepRun());
    counter.flush();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const totals = JSON.parse(readFileSync(join(dir, String(process.pid)), 'utf8'));
    assert.deepEqual(totals, { calls: 2, periodic: 1, byMethod: { completeStepRunNow: 1, completeStepRun: 1 } });
  });

  test('a call that throws is counted, at-once or not', async () => {
    const store = {
      startStepRunNow() {
        throw new Error('locked');
      },
    };
    const counter = countStoreCalls(store, { [STORE_CALLS_VARIABLE]: dir });
    assert.throws(() => store.startStepRunNow(), /locked/);
    counter.flush();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const totals = JSON.parse(readFileSync(join(dir, String(process.pid)), 'utf8'));
    assert.deepEqual(totals, { calls: 1, periodic: 0, byMethod: { startStepRunNow: 1 } });
  });
});
