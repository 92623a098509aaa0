import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Pipeline } from '../sdk/pipeline.js';
import type { PipelineRunResult } from '../execution/run-result.js';
import type { StepRunModel } from '../core/entities.js';
import { CONFORMANCE_PIPELINES } from './conformance-pipelines.js';
import { conformanceEnvironment, type ConformanceEnvironment } from './environment.js';
import { registerConformanceStack } from './stack-setup.js';

export interface ConformanceOptions {
  /** Flavor name; the flavor must come from a bundled, installed or linked plugin. */
  flavor: string;
  /** Component config for the flavor (validated like `register`). */
  config?: Record<string, unknown>;
  /** The artifact store of the stack under test (default: the `default` one). */
  artifactStore?: { flavor: string; config?: Record<string, unknown> };
  /**
   * Called once the suite's store and stack exist, before any run: starts what the
   * orchestrator needs beside it (workers), and returns how to stop that again.
   */
  beforeRuns?: (stack: string) => Promise<(() => Promise<void>) | void>;
  /**
   * For a flavor that can time steps out: the component config that sets a step timeout of
   * `seconds` (e.g. `{ stepTimeoutSeconds: 10 }`; leave room for the step process to start). The suite then checks that a step running
   * past it fails the run, in about that time.
   */
  stepTimeout?: { config: Record<string, unknown>; seconds: number };
}

type Pipelines = Record<'linear' | 'diamond' | 'outputs' | 'failing' | 'modes' | 'retrying' | 'logging' | 'crashing' | 'stoppable' | 'secrets', Pipeline<any>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `check` to hold, failing with `what` after `ms`. */
async function waitFor(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await sleep(25);
  }
}

/**
 * The behaviour every orchestrator flavor must have, as a node:test suite: steps run in
 * dependency order, outputs flow between steps through the artifact store, a failure stops
 * the run and skips what depends on it, caching and retries work. Call it at the top level
 * of a test file: `orchestratorConformance({ flavor: 'my_orchestrator' })`.
 */
export function orchestratorConformance(options: ConformanceOptions): void {
  describe(`orchestrator conformance: ${options.flavor}`, () => {
    let env: ConformanceEnvironment;
    let stack: string;
    let pipelines: Pipelines;
    let stopBeside: (() => Promise<void>) | undefined;

    before(async () => {
      env = conformanceEnvironment();
      stack = await registerConformanceStack({ orchestrator: { flavor: options.flavor, config: options.config }, artifactStore: options.artifactStore });
      const file = env.write('pipelines.mjs', CONFORMANCE_PIPELINES);
      pipelines = (await import(pathToFileURL(file).href)) as Pipelines;
      stopBeside = (await options.beforeRuns?.(stack)) ?? undefined;
    });
    after(async () => {
      await stopBeside?.();
      const { closeZenContexts } = await import('../context/zen-context.js');
      await closeZenContexts();
      env.restore();
    });

    const run = (name: keyof Pipelines, params?: Record<string, unknown>, cache = false): Promise<PipelineRunResult> =>
      pipelines[name].withOptions({ stack, enableCache: cache })(params);

    test('runs a linear pipeline, passing outputs through the artifact store', async () => {
      const result = await run('linear');
      assert.equal(result.status, 'completed', result.error);
      assert.deepEqual(Object.keys(result.steps).sort(), ['double', 'numbers', 'total']);
      for (const step of Object.values(result.steps)) assert.equal(step.status, 'completed');
      assert.deepEqual(await result.steps.double.outputs.output.load(), [2, 4, 6, 8]);
      assert.equal(await result.steps.total.outputs.output.load(), 20);
    });

    test('starts a step only after all of its upstream steps finished', async () => {
      const result = await run('diamond');
      assert.equal(result.status, 'completed', result.error);
      const runs = Object.fromEntries(Object.values(result.steps).map((s) => [s.invocationId, s.stepRun])) as Record<string, StepRunModel>;
      const after = (step: string, upstream: string) => assert.ok(runs[step].started! >= runs[upstream].ended!, `${step} started before ${upstream} ended`);
      after('left', 'numbers');
      after('right', 'numbers');
      after('join', 'left');
      after('join', 'right');
      assert.deepEqual(await result.steps.join.outputs.output.load(), [1, 2, 3, 4]);
    });

    test('handles several named outputs and pipeline parameters', async () => {
      const result = await run('outputs', { ratio: 0.75 });
      assert.equal(result.status, 'completed', result.error);
      assert.deepEqual(await result.steps.split.outputs.train.load(), [1, 2, 3]);
      assert.deepEqual(await result.steps.split.outputs.test.load(), [4]);
      assert.equal(await result.steps.total.outputs.output.load(), 6);
      assert.equal(await result.steps.total_test.outputs.output.load(), 4);
    });

    test('fails the run on a failing step and skips the steps after it', async () => {
      const result = await run('failing');
      assert.equal(result.status, 'failed');
      assert.match(result.error ?? '', /conformance failure/);
      assert.equal(result.steps.boom.status, 'failed');
      assert.match(result.steps.boom.error ?? '', /conformance failure/);
      assert.equal(result.steps.double?.status, 'skipped');
      assert.equal(result.steps.total?.status, 'skipped');
    });

    test("runs a failing step's onFailure hook where the step ran; continueOnFailure runs the independent steps, stopOnFailure skips them", async () => {
      const marker = join(env.dir, `hook-marker-${Date.now()}`);
      const continued = await run('modes', { marker });
      assert.equal(continued.status, 'failed');
      assert.equal(continued.steps.hooked_boom.status, 'failed');
      assert.deepEqual(['slow_numbers', 'double', 'total'].map((id) => continued.steps[id].status), ['completed', 'completed', 'completed']);
      await waitFor(() => existsSync(marker), 'the onFailure hook to write its marker', 10_000);
      assert.equal(readFileSync(marker, 'utf8'), 'conformance failure');
      const stopped = await pipelines.modes.withOptions({ stack, enableCache: false, executionMode: 'stopOnFailure' })({ marker: `${marker}.stop` });
      assert.equal(stopped.status, 'failed');
      assert.ok(Object.values(stopped.steps).some((step) => step.status === 'skipped'), 'stopOnFailure started steps after the failure');
    });

    test('reuses cached outputs when nothing changed', async () => {
      const first = await run('linear', undefined, true);
      assert.equal(first.status, 'completed', first.error);
      const second = await run('linear', undefined, true);
      assert.equal(second.status, 'completed', second.error);
      for (const step of Object.values(second.steps)) assert.equal(step.status, 'cached', `${step.invocationId} was not cached`);
      assert.equal(await second.steps.total.outputs.output.load(), 20);
    });

    test("stores each step's stdout and stderr as its log, kept when the step fails", async () => {
      const { Client } = await import('../sdk/client.js');
      const client = new Client();
      const result = await run('logging');
      assert.equal(result.status, 'completed', result.error);
      for (const [id, tag, other] of [['chatty', 'a', 'b'], ['chatty_2', 'b', 'a']]) {
        const log = await client.getStepRunLogs(result.steps[id].stepRun.id);
        for (let i = 0; i < 3; i++) {
          for (const kind of ['out', 'err', 'raw']) assert.ok(log.includes(`${kind} ${tag} ${i}\n`), `${id} misses '${kind} ${tag} ${i}':\n${log}`);
        }
        assert.ok(!log.includes(` ${other} `), `${id} holds output of the other step:\n${log}`);
      }
      const failed = await run('crashing');
      assert.equal(failed.status, 'failed');
      const log = await client.getStepRunLogs(failed.steps.crashy.stepRun.id);
      assert.match(log, /printed before the crash\n/);
      assert.match(log, /crashed after printing/);
    });

    test('stops a running run at once: its step ends stopped and never completes later; resuming is refused while it runs, then reuses what completed', async () => {
      const { Client } = await import('../sdk/client.js');
      const client = new Client();
      const marker = join(env.dir, `slow-${Date.now()}`);
      const release = `${marker}.release`;
      const running = run('stoppable', { marker, release, ms: 60_000 });
      await waitFor(() => existsSync(marker) && readFileSync(marker, 'utf8') !== '', 'the slow step to start');
      const runName = readFileSync(marker, 'utf8');

      await assert.rejects(client.resumePipelineRun(runName), (error: Error) => error.name === 'ZenError' && /is still running/.test(error.message));
      await client.stopPipelineRun(runName);
      const stopped = await running;
      assert.equal(stopped.status, 'stopped', stopped.error);
      assert.equal(stopped.steps.numbers.status, 'completed');
      assert.equal(stopped.steps.slow.status, 'stopped');
      // Let the abandoned step run to its end (where it can still run at all): its late result is discarded.
      writeFileSync(release, 'go');
      await sleep(1_500);
      const after = await client.getPipelineRun(runName);
      assert.equal(after.status, 'stopped');
      assert.equal(after.steps.slow.status, 'stopped', 'a step of a stopped run completed after the stop');
      assert.deepEqual(after.steps.slow.outputs, {});
      await assert.rejects(client.stopPipelineRun(runName), (error: Error) => error.name === 'ZenError' && /already finished \(stopped\)/.test(error.message));

      const resumed = await client.resumePipelineRun(runName);
      assert.equal(resumed.status, 'completed', resumed.error);
      assert.equal(resumed.run.originalRunId, stopped.id);
      assert.equal(resumed.steps.numbers.status, 'cached', 'the step that completed before the stop is reused');
      assert.equal(resumed.steps.numbers.stepRun.originalStepRunId, stopped.steps.numbers.id);
      assert.equal(resumed.steps.slow.status, 'completed');
      assert.equal(await resumed.steps.slow.outputs.output.load(), 4);
      await assert.rejects(client.resumePipelineRun(resumed.name), (error: Error) => error.name === 'ZenError' && /completed; there is nothing to resume/.test(error.message));
    });

    test('resumes a failed run as a new run linked to it: the failed step runs again', async () => {
      const { Client } = await import('../sdk/client.js');
      const broken = await run('failing');
      assert.equal(broken.status, 'failed');
      const again = await new Client().resumePipelineRun(broken.name);
      assert.equal(again.run.originalRunId, broken.id);
      assert.notEqual(again.id, broken.id);
      assert.equal(again.status, 'failed', 'the step still fails on resume');
      assert.equal(again.steps.boom.status, 'failed');
      assert.match(again.steps.boom.error ?? '', /conformance failure/);
    });

    test("hands a step its declared secret and keeps the value out of the step's result, error and log", async () => {
      const { Client } = await import('../sdk/client.js');
      const client = new Client();
      const token = `tok-${randomBytes(12).toString('hex')}`;
      await client.createSecret('conformance_db', { token });
      const used = await run('secrets');
      assert.equal(used.status, 'completed', used.error);
      assert.equal(await used.steps.secretive.outputs.output.load(), createHash('sha256').update(token).digest('hex'), 'the step did not get the secret value');
      assert.equal(process.env.CONFORMANCE_DB_TOKEN, undefined, 'the secret stayed in the environment after the step');
      assert.ok(!(await client.getStepRunLogs(used.steps.secretive.stepRun.id)).includes(token), 'the step log holds the secret value');

      const failed = await run('secrets', { fail: true });
      assert.equal(failed.status, 'failed');
      assert.match(failed.steps.secretive.error ?? '', /rejected token/);
      for (const text of [failed.error, failed.steps.secretive.error, (await client.getPipelineRun(failed.name)).error, await client.getStepRunLogs(failed.steps.secretive.stepRun.id)]) {
        assert.ok(!(text ?? '').includes(token), `the secret value leaked: ${text}`);
      }
    });

    test('retries a step that fails once', async () => {
      const result = await run('retrying', { marker: join(env.dir, `marker-${Date.now()}`) });
      assert.equal(result.status, 'completed', result.error);
      assert.equal(result.steps.flaky.stepRun.attempts, 2);
      assert.equal(await result.steps.flaky.outputs.output.load(), 'recovered');
      // One log for the step run, every attempt in it (in a queue, the next attempt may run on another machine).
      const { Client } = await import('../sdk/client.js');
      const log = await new Client().getStepRunLogs(result.steps.flaky.stepRun.id);
      assert.match(log, /the first attempt prints this\n[^]*the second attempt prints this\n/);
    });

    if (options.stepTimeout) {
      const timeout = options.stepTimeout;
      test(`fails a step that runs past its timeout (${timeout.seconds} s), and the run with it`, async () => {
        const timed = await registerConformanceStack({ orchestrator: { flavor: options.flavor, config: { ...options.config, ...timeout.config } }, artifactStore: options.artifactStore });
        const marker = join(env.dir, `timed-${Date.now()}`);
        const started = Date.now();
        const result = await pipelines.stoppable.withOptions({ stack: timed, enableCache: false })({ marker, release: `${marker}.release`, ms: 60_000 });
        const took = Date.now() - started;
        assert.equal(result.status, 'failed');
        assert.equal(result.steps.slow.status, 'failed');
        assert.match(result.steps.slow.error ?? '', new RegExp(`timed out after ${timeout.seconds} s`));
        assert.equal(result.steps.numbers.status, 'completed');
        assert.ok(took < (timeout.seconds + 30) * 1000, `the timed-out run took ${took} ms`);
      });
    }
  });
}
