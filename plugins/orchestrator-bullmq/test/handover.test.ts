import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { redisGate, startRedis, type RedisService } from '../../../test/helpers/redis.js';
import { createSandbox, runCli, type Sandbox } from '../../../test/helpers/sandbox.js';
import { openRedis } from '../src/step-queue.js';
import { HANDOVER_WAIT_MS } from '../src/handover-worker.js';
import { redisCommandCalls as calls, registerTeamStack, startWorkers, type Workers } from './workers.js';

const STEPS = 16;
const PIPELINE = `
import { step, pipeline } from 'zenml';
const first = step({ name: 'first', enableCache: false }, () => 0);
const inc = step({ name: 'inc', enableCache: false }, ({ x }: { x: number }) => x + 1);
export const chain = pipeline({ name: 'handover_chain' }, () => {
  let x = first();
  for (let i = 1; i < ${STEPS}; i++) x = inc({ x });
});
`;

const gate = redisGate();
describe('a worker running a chain step', { skip: gate.skip }, () => {
  let sandbox: Sandbox;
  let redis: RedisService;
  let workers: Workers;
  let admin: Redis;
  before(async () => {
    sandbox = createSandbox();
    redis = startRedis();
    sandbox.write('pipelines.ts', PIPELINE);
    await registerTeamStack(sandbox, redis.url, 'handover');
    workers = await startWorkers(1, { stack: 'team', env: sandbox.env, cwd: sandbox.cwd, concurrency: 4 });
    admin = await openRedis({ redisUrl: redis.url });
  });
  after(async () => {
    admin?.disconnect();
    await workers?.stop();
    redis?.stop();
    sandbox?.cleanup();
  });

  test('waits for the step instead of polling Redis for more jobs: its completion brings the next one', { timeout: 60_000 }, async () => {
    const blocked = await calls(admin, 'bzpopmin');
    const run = await runCli(['pipeline', 'run', 'pipelines.ts', '--pipeline', 'chain', '--json'], { sandbox });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json().status, 'completed');
    // Polling, the worker would block on the queue's marker about once per step (woken by
    // the step's own completion); waiting, only when a step outlasts the wait.
    const blocks = (await calls(admin, 'bzpopmin')) - blocked;
    // The worker rightly blocks once when a step outlasts the wait, and once when the next step
    // came later than the wait after the last one ended (the driver's turn, slow on a loaded
    // machine): only the blocks beyond those count against it.
    const listed = await runCli(['step', 'runs', 'list', '--run', run.json().id, '--json'], { sandbox });
    const steps = (listed.json().items as Array<{ started: string; ended: string }>).map((s) => ({ started: Date.parse(s.started), ended: Date.parse(s.ended) }));
    assert.equal(steps.length, STEPS);
    steps.sort((a, b) => a.started - b.started);
    const slow = steps.filter((s) => s.ended - s.started >= HANDOVER_WAIT_MS).length;
    const late = steps.slice(1).filter((s, i) => s.started - steps[i].ended >= HANDOVER_WAIT_MS).length;
    assert.ok(
      blocks - slow - late < STEPS / 2,
      `the worker blocked on the queue ${blocks} times in a ${STEPS}-step chain, ${slow} of whose steps outlasted the ${HANDOVER_WAIT_MS} ms wait and ${late} came later than that`,
    );
  });
});
