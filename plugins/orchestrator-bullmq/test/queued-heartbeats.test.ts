// A run whose steps only wait in the queue (no worker holds one of them) is alive, and the
// live workers keep its heartbeat: the dead-run reaper leaves it alone however long it waits.
// The reaper's timeout is shortened here (this process's reads reap; the workers beat by it).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { redisGate, startRedis, type RedisService } from '../../../test/helpers/redis.js';
import type { StepQueue } from '../src/step-queue.js';
import { teamOnWorkers } from './workers.js';

const TIMEOUT_MS = 8_000;
// Read by zenml's reaper when it loads (below, after this line); the workers get it with the sandbox's env.
process.env.ZENML_HEARTBEAT_TIMEOUT_MS = String(TIMEOUT_MS);
// The one worker's only slot is held this long by another run, twice the reaper's timeout.
const HOLD_MS = 2 * TIMEOUT_MS;

const PIPELINES = `
import { step, pipeline } from 'zenml';
const hold = step({ name: 'hold', enableCache: false }, async ({ ms }: { ms: number }) => { await new Promise((r) => setTimeout(r, ms)); return ms; });
const quick = step({ name: 'quick', enableCache: false }, () => 1);
export const blocker = pipeline({ name: 'blocker' }, () => { hold({ ms: ${HOLD_MS} }); });
export const waiter = pipeline({ name: 'waiter' }, () => { quick(); });
`;

const ACTIVE = ['initializing', 'running', 'retrying'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const gate = redisGate();
describe('a bullmq run whose steps wait in the queue longer than the heartbeat timeout', { skip: gate.skip }, () => {
  const suite = teamOnWorkers({ queue: 'waiting', count: 1, concurrency: 1, files: { 'pipelines.ts': PIPELINES }, env: { ZENML_HEARTBEAT_TIMEOUT_MS: String(TIMEOUT_MS) } });
  const file = () => join(suite.sandbox.cwd, 'pipelines.ts');

  test('stays running while it waits, through reads that reap, and completes', { timeout: 120_000 }, async () => {
    const { Client } = await import('zenml');
    const client = new Client();
    const options = { stack: 'team', detach: true, enableCache: false } as const;
    const blocker = await client.runPipelineFile(file(), { ...options, pipeline: 'blocker', runName: 'blocker' });
    for (const deadline = Date.now() + 30_000; (await client.getPipelineRun(blocker.id)).steps.hold?.status !== 'running'; await sleep(100)) {
      assert.ok(Date.now() < deadline, "the blocker's step never started");
    }
    const waiter = await client.runPipelineFile(file(), { ...options, pipeline: 'waiter', runName: 'waiter' });

    // Each read runs the dead-run reaper first (over every active run).
    let reads = 0;
    for (let run = await client.getPipelineRun(waiter.id); !run.steps.quick; run = await client.getPipelineRun(waiter.id)) {
      assert.equal(run.status, 'running', `run 'waiter' while its step waits (${Date.now() - Date.parse(run.created)} ms in): ${run.statusReason ?? ''}`);
      reads++;
      await sleep(250);
    }
    let run = await client.getPipelineRun(waiter.id);
    for (const deadline = Date.now() + 30_000; ACTIVE.includes(run.status) && Date.now() < deadline; await sleep(250)) run = await client.getPipelineRun(waiter.id);
    assert.equal(run.status, 'completed', `run 'waiter': ${run.statusReason ?? ''}`);
    // It did wait past the timeout: its step started only once the blocker's ended.
    const waitedMs = Date.parse(run.steps.quick.stepRun.started!) - Date.parse(run.created);
    assert.ok(waitedMs > TIMEOUT_MS + 2_000, `its step started ${waitedMs} ms after the run was created: it did not wait past the ${TIMEOUT_MS} ms timeout`);
    assert.ok(reads * 250 > TIMEOUT_MS, `only ${reads} reads while it waited`);
    assert.equal((await client.getPipelineRun(blocker.id)).status, 'completed');
  });

  test('is failed "process died" after the timeout when no worker is alive to run it', { timeout: 60_000 }, async () => {
    await suite.workers.stop();
    const { Client } = await import('zenml');
    const client = new Client();
    const started = Date.now();
    const orphan = await client.runPipelineFile(file(), { stack: 'team', detach: true, enableCache: false, pipeline: 'waiter', runName: 'orphan' });
    let run = await client.getPipelineRun(orphan.id);
    for (const deadline = Date.now() + 4 * TIMEOUT_MS; ACTIVE.includes(run.status) && Date.now() < deadline; await sleep(250)) run = await client.getPipelineRun(orphan.id);
    assert.equal(run.status, 'failed');
    assert.equal(run.statusReason, 'process died');
    assert.ok(Date.now() - started >= TIMEOUT_MS, `reaped ${Date.now() - started} ms after it was queued, before the ${TIMEOUT_MS} ms timeout`);
  });
});

describe('what the workers read from the queue to keep its runs alive', { skip: gate.skip }, () => {
  let redis: RedisService;
  let queues: StepQueue[];
  before(async () => {
    redis = startRedis();
    // Imported here, not above: zenml (which it loads) must see the timeout set at the top first.
    const { StepQueue } = await import('../src/step-queue.js');
    queues = await Promise.all([1, 2].map(() => StepQueue.open({ redisUrl: redis.url, queue: 'chores' })));
  });
  after(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    redis?.stop();
  });

  test('the runs with a job waiting, delayed or being run, not those whose jobs are over', async () => {
    const [queue] = queues;
    const { stepJobId } = await import('../src/step-queue.js');
    const { Worker } = await import('bullmq');
    const data = (runId: string) => ({ runId, stepId: 'a', snapshotId: 's', storeUrl: 'sqlite:///nowhere' });
    // Taken and completed by hand, as a worker would: its run has nothing left in the queue.
    await queue.queue.add('a', data('over'), { jobId: stepJobId('over', 'a') });
    const worker = new Worker('chores', null, { connection: queue.redis });
    try {
      const over = await worker.getNextJob('token');
      await over!.moveToCompleted('{}', 'token', false);
      await queue.queue.add('a', data('running'), { jobId: stepJobId('running', 'a') });
      await worker.getNextJob('token');
    } finally {
      await worker.close();
    }
    await queue.queue.add('a', data('waiting'), { jobId: stepJobId('waiting', 'a') });
    await queue.queue.add('a', data('backing-off'), { jobId: stepJobId('backing-off', 'a'), delay: 60_000 });
    assert.deepEqual([...(await queue.runsWithUnfinishedJobs())].sort(), ['backing-off', 'running', 'waiting']);
  });

  test('one worker of the queue gets the chore per period', async () => {
    const claims = await Promise.all([...queues, ...queues].map((queue) => queue.claimChore('heartbeats', 400)));
    assert.equal(claims.filter(Boolean).length, 1);
    assert.equal(await queues[1].claimChore('heartbeats', 400), false, 'the period is not over');
    await sleep(500);
    assert.equal(await queues[1].claimChore('heartbeats', 400), true, 'the next period is claimed');
  });
});
