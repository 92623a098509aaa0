// Retries of a failing step, and execution mode stopOnFailure: the first failure fails the run and skips what has not started
// (the other modes: hooks-modes.test.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Client, pipeline, step, type ProgressEvent } from '../../src/index.js';
import { sdkSandbox } from './sdk-sandbox.js';

sdkSandbox('zenml-retry-');

/** A step that throws on its first `failures` calls (counted per tag) and then returns 'ok'. */
function flaky(tag: string, failures: number, retry: { maxRetries: number; delayMs?: number; backoff?: number }) {
  let calls = 0;
  const s = step({ name: `${tag}_flaky`, retry, enableCache: false }, () => {
    calls++;
    if (calls <= failures) throw new Error(`boom ${calls}`);
    return 'ok';
  });
  return { step: s, calls: () => calls };
}

describe('retries', () => {
  test('a step that fails twice succeeds with maxRetries: 2 after 3 attempts', async () => {
    const f = flaky('twice', 2, { maxRetries: 2, delayMs: 20, backoff: 2 });
    const events: ProgressEvent[] = [];
    const p = pipeline({ name: 'retry_ok' }, () => {
      f.step();
    });
    const started = Date.now();
    const run = await p.withOptions({ onProgress: (event) => events.push(event) })();
    assert.equal(run.status, 'completed', run.error);
    assert.equal(f.calls(), 3);
    const stepRun = run.steps.twice_flaky;
    assert.equal(stepRun.status, 'completed');
    assert.equal(stepRun.stepRun.attempts, 3);
    assert.equal(await stepRun.outputs.output.load(), 'ok');
    // delay 20 ms, then 40 ms (backoff 2).
    assert.ok(Date.now() - started >= 60, 'the retry delays were not waited');
    const stepStatuses = events.filter((e) => e.kind === 'step').map((e) => e.status);
    assert.equal(stepStatuses.filter((s) => s === 'retrying').length, 2, stepStatuses.join(','));
    assert.equal(stepStatuses.at(-1), 'completed');
  });

  test('with maxRetries: 1 the same step fails after 2 attempts and fails the run', async () => {
    const f = flaky('once', 2, { maxRetries: 1 });
    const p = pipeline({ name: 'retry_fail' }, () => {
      f.step();
    });
    const run = await p();
    assert.equal(run.status, 'failed');
    assert.equal(f.calls(), 2);
    assert.equal(run.steps.once_flaky.status, 'failed');
    assert.equal(run.steps.once_flaky.stepRun.attempts, 2);
    assert.match(run.error ?? '', /once_flaky.*boom 2/);
    assert.deepEqual(run.steps.once_flaky.outputs, {});
    await assert.rejects(new Client().getArtifactVersion('retry_fail::once_flaky::output'), /No artifact named/);
  });
});

describe('stopOnFailure', () => {
  const bad = step({ name: 'bad', enableCache: false }, () => {
    throw new Error('the data is wrong');
  });

  test('a failing step fails the run; siblings not yet started and downstream steps are skipped', async () => {
    const ran: string[] = [];
    const sibling = step({ name: 'sibling', enableCache: false }, ({ i }: { i: number }) => {
      ran.push(`sibling${i}`);
      return i;
    });
    const after = step({ name: 'downstream', enableCache: false }, ({ x }: { x: string }) => x);
    const p = pipeline({ name: 'failfast', executionMode: 'stopOnFailure', settings: { orchestrator: { maxParallelism: 1 } } }, () => {
      const out = bad();
      sibling({ i: 1 });
      sibling({ i: 2 });
      after({ x: out as never });
    });
    const run = await p();
    assert.equal(run.status, 'failed');
    assert.match(run.error ?? '', /Step 'bad' failed: the data is wrong/);
    assert.equal(run.run.statusReason, run.error);
    assert.deepEqual(ran, []);
    assert.equal(run.steps.bad.status, 'failed');
    assert.equal(run.steps.bad.error, 'the data is wrong');
    for (const id of ['sibling', 'sibling_2', 'downstream']) assert.equal(run.steps[id].status, 'skipped', id);
    const stored = await new Client().getPipelineRun(run.id);
    assert.equal(stored.status, 'failed');
    assert.ok(stored.ended);
  });

  test('a sibling already running when the failure happens finishes; nothing new starts', async () => {
    const slow = step({ name: 'slow_sibling', enableCache: false }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return 'done';
    });
    const later = step({ name: 'later', enableCache: false }, () => 'later');
    const p = pipeline({ name: 'failfast_running', executionMode: 'stopOnFailure', settings: { orchestrator: { maxParallelism: 2 } } }, () => {
      slow();
      bad();
      later();
    });
    const run = await p();
    assert.equal(run.status, 'failed');
    assert.equal(run.steps.slow_sibling.status, 'completed');
    assert.equal(run.steps.bad.status, 'failed');
    assert.equal(run.steps.later.status, 'skipped');
  });

  test('listRuns filters failed runs', async () => {
    const failed = await new Client().listPipelineRuns({ status: 'failed' });
    assert.ok(failed.items.every((r) => r.status === 'failed'));
    assert.ok(failed.items.some((r) => r.pipelineName === 'failfast'));
  });
});
