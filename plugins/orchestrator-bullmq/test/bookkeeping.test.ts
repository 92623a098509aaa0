import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import type { StepSpec } from 'zenml/plugin';
import { redisGate, startRedis, type RedisService } from '../../../test/helpers/redis.js';
import { createSandbox, runCli, type Sandbox } from '../../../test/helpers/sandbox.js';
import { openRedis, StepQueue, type DoneStep } from '../src/step-queue.js';
import { redisCommandCalls as calls, registerTeamStack, startWorkers, type Workers } from './workers.js';

const spec = (id: string, upstream: string[]): StepSpec => ({ id, upstream, config: {} }) as unknown as StepSpec;
const record = (id: string): DoneStep => ({ stepRun: { id: `run-of-${id}`, invocationId: id } as DoneStep['stepRun'], versions: [] });

const gate = redisGate();
describe("a run's bookkeeping in Redis", { skip: gate.skip }, () => {
  let redis: RedisService;
  let queue: StepQueue;
  before(async () => {
    redis = startRedis();
    queue = await StepQueue.open({ redisUrl: redis.url, queue: 'bookkeeping' });
  });
  after(async () => {
    await queue?.close();
    redis?.stop();
  });

  test("a step's record is sent as a script's text once per connection, then by its digest", async () => {
    const end = { done: record('a'), children: [] };
    await queue.finishStep('r1', 'a', end);
    const [evals, digests] = [await calls(queue.redis, 'eval'), await calls(queue.redis, 'evalsha')];
    for (let i = 0; i < 3; i++) await queue.finishStep('r1', 'a', end);
    assert.equal(await calls(queue.redis, 'eval'), evals);
    assert.equal(await calls(queue.redis, 'evalsha'), digests + 3);
  });

  test("a parent's record that arrives after its child ended does not queue the child again, and claims the run's end", async () => {
    const [parent, child] = [spec('parent', []), spec('child', ['parent'])];
    await queue.enqueue({ runId: 'r2', snapshotId: 's', storeUrl: 'sqlite:///nowhere' }, [parent]);
    // The child ran (its job carried the parent's record) and ended first: Redis ran the
    // parent's record after it, as when the record was refused at first and sent again.
    const childEnd = await queue.finishStep('r2', 'child', { done: record('child'), children: [] });
    assert.equal(childEnd.claimedEnd, false, 'the parent is still pending');
    const parentEnd = await queue.finishStep('r2', 'parent', { done: record('parent'), children: [child] });
    assert.deepEqual(parentEnd.ready.map((step) => step.id), ['child'], 'its job id makes adding it again a no-op');
    assert.equal(parentEnd.left, 0, 'the child is not pending again');
    assert.equal(parentEnd.claimedEnd, true);
  });
});

const PIPELINE = `
import { step, pipeline } from 'zenml';
const first = step({ name: 'first', enableCache: false }, async () => { await new Promise((r) => setTimeout(r, 1500)); return 1; });
const second = step({ name: 'second', enableCache: false }, ({ x }: { x: number }) => x + 1);
export const chain = pipeline({ name: 'refused_chain' }, () => { second({ x: first() }); });
`;

describe('a chain step whose record Redis keeps refusing after its job completed', { skip: gate.skip }, () => {
  let sandbox: Sandbox;
  let redis: RedisService;
  let workers: Workers;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  before(async () => {
    sandbox = createSandbox();
    redis = startRedis();
    sandbox.write('pipelines.ts', PIPELINE);
    await registerTeamStack(sandbox, redis.url, 'refused');
    workers = await startWorkers(1, { stack: 'team', env: sandbox.env, cwd: sandbox.cwd, concurrency: 1 });
  });
  after(async () => {
    await workers?.stop();
    redis?.stop();
    sandbox?.cleanup();
  });

  test('fails the run, saying why, instead of leaving it waiting', { timeout: 60_000 }, async () => {
    const started = await cli('pipeline', 'run', 'pipelines.ts', '--pipeline', 'chain', '--run-name', 'refused', '--detach', '--json');
    assert.equal(started.code, 0, started.stderr);
    const runId = started.json().id as string;
    // While the first step runs, its run's record of finished steps becomes a key of another
    // type: Redis refuses every record of the run from then on.
    const poison = await openRedis({ redisUrl: redis.url });
    try {
      await poison.set(`zenml:refused:run:${runId}:done`, 'not a hash');
    } finally {
      poison.disconnect();
    }
    let run: { status: string; statusReason?: string } = { status: 'running' };
    for (const deadline = Date.now() + 40_000; run.status === 'running' && Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
      run = (await cli('pipeline', 'runs', 'describe', 'refused', '--json')).json();
    }
    assert.equal(run.status, 'failed');
    assert.match(run.statusReason ?? '', /could not record step 'first' in Redis after 4 tries \(.*WRONGTYPE.*\): the steps after it cannot be queued/);
  });
});
