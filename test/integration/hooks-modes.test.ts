// Step and pipeline hooks (onFailure, onSuccess, onInit, onCleanup) and execution modes, in process.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alerterSuccessHook, Client, getStepContext, pipeline, step, type HookStepContext } from '../../src/index.js';
import { sdkSandbox } from './sdk-sandbox.js';

const box = sdkSandbox('zenml-hooks-');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('step hooks', () => {
  test('onFailure gets the error and the step context, getStepContext() works inside; the step stays failed', async () => {
    const seen: Array<{ message: string; step: string; fromContext: string; status: string }> = [];
    const bad = step(
      {
        name: 'hooked_bad',
        enableCache: false,
        onFailure: (error: Error, context: HookStepContext) => {
          seen.push({ message: error.message, step: context.invocationId, fromContext: getStepContext().pipelineRun.name, status: context.stepRun.status });
        },
      },
      () => {
        throw new Error('bad data');
      },
    );
    const p = pipeline({ name: 'hook_failure' }, () => {
      bad();
    });
    const run = await p();
    assert.equal(run.status, 'failed');
    assert.equal(run.steps.hooked_bad.error, 'bad data');
    assert.deepEqual(seen, [{ message: 'bad data', step: 'hooked_bad', fromContext: run.name, status: 'failed' }]);
  });

  test('a pipeline onSuccess applies to every step without its own; a step hook wins; cached steps call none', async () => {
    const calls: string[] = [];
    const a = step({ name: 'hs_a' }, () => 1);
    const b = step({ name: 'hs_b', onSuccess: (ctx: HookStepContext) => void calls.push(`own:${ctx.invocationId}`) }, ({ x }: { x: number }) => x + 1);
    const p = pipeline({ name: 'hook_success', onSuccess: (ctx: HookStepContext) => void calls.push(`pipeline:${ctx.invocationId}`) }, () => {
      b({ x: a() });
    });
    const first = await p();
    assert.equal(first.status, 'completed', first.error);
    assert.deepEqual(calls, ['pipeline:hs_a', 'own:hs_b']);
    const second = await p();
    assert.equal(second.steps.hs_a.status, 'cached');
    assert.deepEqual(calls, ['pipeline:hs_a', 'own:hs_b'], 'a cached step runs no hook');
  });

  test('a failing hook is logged in the step log and never hides the outcome', async () => {
    const ok = step({ name: 'hook_throws_ok', enableCache: false, onSuccess: () => { throw new Error('hook broke'); } }, () => 'fine');
    const bad = step({ name: 'hook_throws_bad', enableCache: false, onFailure: () => { throw new Error('hook broke too'); } }, () => { throw new Error('step broke'); });
    const okRun = await pipeline({ name: 'hook_throws_ok' }, () => { ok(); })();
    assert.equal(okRun.status, 'completed');
    assert.equal(await okRun.steps.hook_throws_ok.outputs.output.load(), 'fine');
    const badRun = await pipeline({ name: 'hook_throws_bad' }, () => { bad(); })();
    assert.equal(badRun.status, 'failed');
    assert.equal(badRun.steps.hook_throws_bad.error, 'step broke');
    // The hook's failure is in the step's log.
    const logs = await new Client().getStepRunLogs(badRun.steps.hook_throws_bad.id);
    assert.match(logs, /onFailure hook of step 'hook_throws_bad' failed: hook broke too/);
  });

  test('hooks as source references file.ts:export, and an unknown reference is a usage error', async () => {
    const file = box.sandbox.write('hooks-ref.mjs', `export function mark(error) { globalThis.__zenmlHookMark = 'ref:' + error.message; }\n`);
    const bad = step({ name: 'ref_bad', enableCache: false, onFailure: `${file}:mark` }, () => { throw new Error('x'); });
    await pipeline({ name: 'hook_ref' }, () => { bad(); })();
    assert.equal((globalThis as { __zenmlHookMark?: string }).__zenmlHookMark, 'ref:x');
    const typo = step({ name: 'ref_typo', onFailure: 'no-such-file.ts:mark' }, () => 1);
    await assert.rejects(pipeline({ name: 'hook_ref_typo' }, () => { typo(); })(), /file of hook 'onFailure' \(no-such-file.ts\) does not exist/);
  });
});

describe('alerters', () => {
  test("alerterSuccessHook and a step's own post reach the stack's log alerter, in the step's log; without an alerter the hook warns", async () => {
    const client = new Client();
    await client.createStackComponent({ type: 'alerter', name: 'to_log', flavor: 'log', config: {} });
    await client.createStack('with_alerter', { orchestrator: 'default', artifact_store: 'default', alerter: 'to_log' });
    const talk = step({ name: 'talk', enableCache: false, onSuccess: alerterSuccessHook }, async () => {
      const alerter = await getStepContext().stack?.alerter();
      return alerter ? alerter.post('model is ready', { title: 'Training' }) : false;
    });
    const p = pipeline({ name: 'alerting_sdk' }, () => { talk(); });
    const run = await p.withOptions({ stack: 'with_alerter' })();
    assert.equal(run.status, 'completed', run.error);
    assert.equal(await run.steps.talk.outputs.output.load(), true);
    const logs = await client.getStepRunLogs(run.steps.talk.id);
    assert.match(logs, new RegExp(`\\[alerter to_log\\] \\(alerting_sdk / ${run.name} / talk\\) Training: model is ready`));
    assert.match(logs, /Success Hook Notification! Step completed successfully\.[\s\S]*Step name: `talk`/);
    const plain = await p();
    assert.equal(plain.status, 'completed');
    assert.match(await client.getStepRunLogs(plain.steps.talk.id), /alerterSuccessHook: the stack has no alerter/);
  });
});

describe('pipeline hooks', () => {
  test('onInit runs once before the first step, onCleanup once after the run with its status', async () => {
    const order: string[] = [];
    const s1 = step({ name: 'ph_1', enableCache: false }, () => void order.push('step1'));
    const s2 = step({ name: 'ph_2', enableCache: false }, () => void order.push('step2'));
    const p = pipeline(
      {
        name: 'pipeline_hooks',
        onInit: ({ run }) => void order.push(`init:${run.status}`),
        onCleanup: ({ status }) => void order.push(`cleanup:${status}`),
      },
      () => { s1(); s2(); },
    );
    const run = await p();
    assert.equal(run.status, 'completed');
    assert.deepEqual(order.filter((e) => !e.startsWith('step')).length, 2);
    assert.equal(order[0], 'init:running');
    assert.equal(order.at(-1), 'cleanup:completed');
  });

  test('a failing onInit fails the run and no step runs; withOptions sets hooks too', async () => {
    let ran = false;
    const s = step({ name: 'never', enableCache: false }, () => { ran = true; });
    let cleaned = '';
    const p = pipeline({ name: 'init_fails' }, () => { s(); }).withOptions({
      onInit: () => { throw new Error('no GPU'); },
      onCleanup: ({ status }) => { cleaned = String(status); },
    });
    const run = await p();
    assert.equal(run.status, 'failed');
    assert.match(run.error ?? '', /onInit hook failed: no GPU/);
    assert.equal(run.steps.never.status, 'skipped');
    assert.equal(ran, false);
    assert.equal(cleaned, 'failed');
  });
});

describe('execution modes', () => {
  // bad fails after 30 ms while slow (started beside it) is still running; after_slow depends
  // on slow only, after_bad on bad, so only continueOnFailure runs after_slow.
  function diamond(name: string, mode?: string) {
    const seen: string[] = [];
    const bad = step({ name: 'em_bad', enableCache: false }, async () => {
      await pause(30);
      throw new Error('bad');
    });
    const slow = step({ name: 'em_slow', enableCache: false }, async () => {
      await pause(400);
      seen.push('slow');
      return 1;
    });
    const afterSlow = step({ name: 'em_after_slow', enableCache: false }, ({ x }: { x: number }) => (seen.push('after_slow'), x));
    const afterBad = step({ name: 'em_after_bad', enableCache: false }, ({ x }: { x: unknown }) => x);
    const p = pipeline({ name, settings: { orchestrator: { maxParallelism: 2 } }, ...(mode ? { executionMode: mode as never } : {}) }, () => {
      const b = bad();
      const s = slow();
      afterSlow({ x: s });
      afterBad({ x: b as never });
    });
    return { p, seen };
  }
  const statuses = (run: Awaited<ReturnType<ReturnType<typeof diamond>['p']>>) => Object.fromEntries(Object.entries(run.steps).map(([id, s]) => [id, s.status]));

  test('the default is ZenML\'s continueOnFailure: independent steps still run', async () => {
    const { p, seen } = diamond('em_default');
    const run = await p();
    assert.equal(run.status, 'failed');
    assert.deepEqual(statuses(run), { em_bad: 'failed', em_slow: 'completed', em_after_slow: 'completed', em_after_bad: 'skipped' });
    assert.deepEqual(seen, ['slow', 'after_slow']);
    assert.equal(run.run.statusReason, "Step 'em_bad' failed: bad");
  });

  test('stopOnFailure (or STOP_ON_FAILURE): the running step finishes, nothing new starts', async () => {
    const { p } = diamond('em_stop', 'STOP_ON_FAILURE');
    const run = await p();
    assert.deepEqual(statuses(run), { em_bad: 'failed', em_slow: 'completed', em_after_slow: 'skipped', em_after_bad: 'skipped' });
  });

  test('failFast: the running step is stopped at once, the rest skipped', async () => {
    const { p, seen } = diamond('em_fast', 'failFast');
    const started = Date.now();
    const run = await p();
    assert.ok(Date.now() - started < 350, 'the run waited for the running step');
    assert.equal(run.status, 'failed');
    assert.deepEqual(statuses(run), { em_bad: 'failed', em_slow: 'stopped', em_after_slow: 'skipped', em_after_bad: 'skipped' });
    await pause(450);
    assert.deepEqual(seen, ['slow'], 'the stopped step function ends on its own; its result is discarded');
    const stored = await new Client().getPipelineRun(run.id);
    assert.equal(stored.steps.em_slow.status, 'stopped');
  });

  test('withOptions sets the mode; the snapshot keeps it; a bad mode is a usage error', async () => {
    const { p } = diamond('em_options');
    const compiled = await p.withOptions({ executionMode: 'FAIL_FAST' as never }).compile();
    assert.equal(compiled.spec.executionMode, 'failFast');
    assert.equal((await p.compile()).spec.executionMode, 'continueOnFailure');
    await assert.rejects(p.withOptions({ executionMode: 'sometimes' as never }).compile(), /executionMode "sometimes" is not one of failFast, stopOnFailure, continueOnFailure/);
  });
});
