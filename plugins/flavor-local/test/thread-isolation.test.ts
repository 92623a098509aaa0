import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createSandbox, runCli, useSandboxEnv, type Sandbox } from '../../../test/helpers/sandbox.js';

const PIPELINES = `
import { step, pipeline } from 'zenml';

const burn = (ms: number) => { const end = Date.now() + ms; let x = 0; while (Date.now() < end) x++; return x; };

const numbers = step({ name: 'numbers' }, () => [1, 2, 3, 4]);
const split = step({ name: 'split', outputs: ['low', 'high'] as const }, ({ xs }: { xs: number[] }) => ({ low: xs.slice(0, 2), high: xs.slice(2) }));
const total = step({ name: 'total' }, ({ a, b }: { a: number[]; b: number[] }) => [...a, ...b].reduce((s, x) => s + x, 0));
export const lineage = pipeline({ name: 'thread_lineage' }, () => {
  const parts = split({ xs: numbers() });
  total({ a: parts.low, b: parts.high });
});

const left = step({ name: 'left' }, () => burn(400));
const right = step({ name: 'right' }, () => burn(400));
export const cpu = pipeline({ name: 'thread_cpu' }, () => { left(); right(); });

const whichThread = step({ name: 'which_thread' }, async () => (await import('node:worker_threads')).threadId);
export const threads = pipeline({ name: 'thread_ids' }, () => { whichThread(); });
`;

const FAILING = `
import { step, pipeline } from 'zenml';
const start = step({ name: 'start' }, () => 1);
const boom = step({ name: 'boom' }, ({ x }: { x: number }): number => { throw new Error('thread boom ' + x); });
const later = step({ name: 'later' }, ({ x }: { x: number }) => x);
export const failing = pipeline({ name: 'thread_failing' }, () => { later({ x: boom({ x: start() }) }); });
`;

const EXITING = `
import { step, pipeline } from 'zenml';
const quit = step({ name: 'quit' }, () => { process.exit(3); });
const later = step({ name: 'later' }, ({ x }: { x: unknown }) => x);
export const exiting = pipeline({ name: 'thread_exiting' }, () => { later({ x: quit() }); });
`;

// Throws only when a worker imports it: the main process can still compile the pipeline.
const IMPORT_THROWS = `
import { isMainThread } from 'node:worker_threads';
import { step, pipeline } from 'zenml';
if (!isMainThread) throw new Error('import boom in worker');
const one = step({ name: 'one' }, () => 1);
export const importThrows = pipeline({ name: 'thread_import_throws' }, () => { one(); });
`;

describe('local orchestrator with isolation thread', () => {
  let sandbox: Sandbox;
  let restore: () => void;
  let pipelines: Record<string, any>;
  const cli = (...args: string[]) => runCli(args, { sandbox, timeoutMs: 120_000 });

  before(async () => {
    sandbox = createSandbox();
    const file = sandbox.write('pipelines.ts', PIPELINES);
    sandbox.write('failing.ts', FAILING);
    sandbox.write('exiting.ts', EXITING);
    sandbox.write('import-throws.ts', IMPORT_THROWS);
    const registered = await cli('orchestrator', 'register', 'thr', '--flavor', 'local', '--isolation=thread');
    assert.equal(registered.code, 0, registered.stderr);
    assert.equal((await cli('stack', 'register', 'threads', '-o', 'thr', '-a', 'default', '--set')).code, 0);
    restore = useSandboxEnv(sandbox);
    pipelines = await import(pathToFileURL(file).href);
  });
  after(async () => {
    const { closeZenContexts } = await import('zenml/plugin');
    await closeZenContexts();
    restore?.();
    delete process.env.ZENML_TEST_POOL_GENERATION;
    sandbox?.cleanup();
  });

  test('outputs, lineage and caching match an in-process run', async () => {
    const inProcess = await pipelines.lineage.withOptions({ stack: 'default', enableCache: false })();
    const threaded = await pipelines.lineage.withOptions({ stack: 'threads', enableCache: false })();
    for (const result of [inProcess, threaded]) {
      assert.equal(result.status, 'completed', result.error);
      assert.deepEqual(await result.steps.split.outputs.low.load(), [1, 2]);
      assert.deepEqual(await result.steps.split.outputs.high.load(), [3, 4]);
      assert.equal(await result.steps.total.outputs.output.load(), 10);
    }
    // Lineage: each input is the exact artifact version its upstream step wrote.
    const steps = threaded.steps;
    assert.equal(steps.split.stepRun.inputs.xs, steps.numbers.stepRun.outputs.output);
    assert.equal(steps.total.stepRun.inputs.a, steps.split.stepRun.outputs.low);
    assert.equal(steps.total.stepRun.inputs.b, steps.split.stepRun.outputs.high);
    assert.deepEqual(Object.keys(threaded.steps).sort(), Object.keys(inProcess.steps).sort());

    const first = await pipelines.lineage.withOptions({ stack: 'threads', enableCache: true })();
    assert.equal(first.status, 'completed', first.error);
    const second = await pipelines.lineage.withOptions({ stack: 'threads', enableCache: true })();
    assert.equal(second.status, 'completed', second.error);
    for (const step of Object.values<any>(second.steps)) assert.equal(step.status, 'cached', `${step.invocationId} was not cached`);
    assert.equal(await second.steps.total.outputs.output.load(), 10);
  });

  // The pool holds at most one worker per core, so one core cannot show an overlap.
  const oneCore = availableParallelism() < 2 ? 'needs at least 2 cores' : false;
  test('two CPU-bound steps run at the same time (per-run settings on the default stack)', { skip: oneCore }, async () => {
    // Another environment ends the workers kept from earlier tests; a first run starts one
    // worker per step, and the measured run finds both warm, so neither step waits for a
    // worker's start-up (longer than a step burns here on a loaded machine).
    process.env.ZENML_TEST_POOL_GENERATION = 'overlap';
    const options = { stack: 'default', enableCache: false, settings: { orchestrator: { isolation: 'thread', maxParallelism: 2 } } };
    assert.equal((await pipelines.cpu.withOptions(options)()).status, 'completed');
    const result = await pipelines.cpu.withOptions(options)();
    assert.equal(result.status, 'completed', result.error);
    const a = result.steps.left.stepRun;
    const b = result.steps.right.stepRun;
    const interval = (s: { started?: string; ended?: string }) => [Date.parse(s.started!), Date.parse(s.ended!)];
    const [aStart, aEnd] = interval(a);
    const [bStart, bEnd] = interval(b);
    assert.ok(aEnd - aStart >= 400 && bEnd - bStart >= 400, 'each step burned its 400 ms');
    assert.ok(aStart < bEnd && bStart < aEnd, `steps did not overlap: left ${a.started}..${a.ended}, right ${b.started}..${b.ended}`);
  });

  test('workers are kept for the next run, and a change of environment starts new ones', async () => {
    const threadOf = async () => {
      const result = await pipelines.threads.withOptions({ stack: 'threads', enableCache: false })();
      assert.equal(result.status, 'completed', result.error);
      return (await result.steps.which_thread.outputs.output.load()) as number;
    };
    const first = await threadOf();
    assert.ok(first > 0, 'the step ran in a worker thread');
    assert.equal(await threadOf(), first, 'the second run reused the worker of the first');
    process.env.ZENML_TEST_POOL_GENERATION = 'reuse';
    assert.notEqual(await threadOf(), first, 'a changed environment gets a new worker');
  });

  test('a failing step fails the run with its message and the steps after it are skipped', async () => {
    const result = await cli('pipeline', 'run', 'failing.ts', '--json');
    assert.equal(result.code, 1, result.stderr);
    const run = JSON.parse(result.stdout);
    assert.equal(run.status, 'failed');
    assert.match(run.error, /thread boom 1/);
    assert.equal(run.steps.start.status, 'completed');
    assert.equal(run.steps.boom.status, 'failed');
    assert.match(run.steps.boom.error, /thread boom 1/);
    assert.equal(run.steps.later.status, 'skipped');
  });

  test('process.exit in a step fails that step, not the main process', async () => {
    const result = await cli('pipeline', 'run', 'exiting.ts', '--json');
    assert.equal(result.code, 1, result.stderr);
    const run = JSON.parse(result.stdout);
    assert.equal(run.status, 'failed');
    assert.equal(run.steps.quit.status, 'failed');
    assert.match(run.steps.quit.error, /exit code 3/);
    assert.equal(run.steps.later.status, 'skipped');
  });

  test('a pipeline file that throws when a worker imports it fails the step, not the main process', async () => {
    const result = await cli('pipeline', 'run', 'import-throws.ts', '--json');
    assert.equal(result.code, 1, result.stderr);
    const run = JSON.parse(result.stdout);
    assert.equal(run.status, 'failed');
    assert.equal(run.steps.one.status, 'failed');
    assert.match(run.steps.one.error, /import boom in worker/);
  });

  test('an unknown isolation is refused', async () => {
    const result = await cli('orchestrator', 'register', 'bad', '--flavor', 'local', '--isolation=process');
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /isolation/);
  });
});
