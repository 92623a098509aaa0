// Execution modes and hooks on bullmq workers: the mode travels in the snapshot, so the
// worker that picks up a step decides whether it still runs after another step failed.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { redisGate, startRedis, type RedisService } from '../../../test/helpers/redis.js';
import { createSandbox, runCli, type Sandbox } from '../../../test/helpers/sandbox.js';
import { registerTeamStack, startWorkers, type Workers } from './workers.js';

const PIPELINE = `
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { step, pipeline } from 'zenml';
// bad fails only once slow is running on the other worker: else, on a slow machine, a worker
// could take slow's job after the failure, and STOP_ON_FAILURE would rightly skip it.
const slowStarted = () => process.env.HOOK_MARKS + '.slow-started';
const bad = step({ name: 'bad', enableCache: false }, async () => {
  for (let waited = 0; !existsSync(slowStarted()) && waited < 20_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  throw new Error('bad data');
});
const slow = step({ name: 'slow', enableCache: false }, async () => { writeFileSync(slowStarted(), ''); await new Promise((r) => setTimeout(r, 1500)); return 1; });
const afterSlow = step({ name: 'after_slow', enableCache: false }, ({ x }: { x: number }) => x);
export const modes = pipeline({ name: 'modes' }, () => { bad(); afterSlow({ x: slow() }); });
export function failed(error: Error, context: { invocationId: string }) { appendFileSync(process.env.HOOK_MARKS!, context.invocationId + ':' + error.message + ':' + process.pid + '\\n'); }
`;

const gate = redisGate();
describe('execution modes and hooks on bullmq workers', { skip: gate.skip }, () => {
  let sandbox: Sandbox;
  let redis: RedisService;
  let workers: Workers;
  let marks: string;
  // Each run's slow step marks its start afresh (see PIPELINE).
  const cli = (...args: string[]) => {
    rmSync(`${marks}.slow-started`, { force: true });
    return runCli(args, { sandbox, timeoutMs: 120_000 });
  };
  const statuses = (run: { steps: Record<string, { status: string }> }) => Object.fromEntries(Object.entries(run.steps).map(([id, s]) => [id, s.status]));

  before(async () => {
    sandbox = createSandbox();
    marks = join(sandbox.dir, 'marks.txt');
    sandbox.env.HOOK_MARKS = marks;
    redis = startRedis();
    sandbox.write('modes.ts', PIPELINE);
    sandbox.write('stop.yaml', 'execution_mode: STOP_ON_FAILURE\n');
    sandbox.write('hooked.yaml', 'on_failure: modes.ts:failed\n');
    await registerTeamStack(sandbox, redis.url, 'modes');
    workers = await startWorkers(2, { stack: 'team', env: sandbox.env, cwd: sandbox.cwd, concurrency: 1 });
  });
  after(async () => {
    await workers?.stop();
    redis?.stop();
    sandbox?.cleanup();
  });

  test('default continueOnFailure: the branch that does not depend on the failed step runs; the onFailure hook runs on the worker', async () => {
    const result = await cli('pipeline', 'run', 'modes.ts', '--config', 'hooked.yaml', '--json');
    assert.equal(result.code, 1, result.stderr);
    const run = result.json();
    assert.deepEqual(statuses(run), { bad: 'failed', slow: 'completed', after_slow: 'completed' });
    const [mark] = readFileSync(marks, 'utf8').trim().split('\n');
    assert.match(mark, /^bad:bad data:\d+$/);
    assert.notEqual(mark.split(':')[2], String(process.pid));
  });

  test('STOP_ON_FAILURE: the running step finishes, the next one is skipped', async () => {
    const result = await cli('pipeline', 'run', 'modes.ts', '--config', 'stop.yaml', '--json');
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(statuses(result.json()), { bad: 'failed', slow: 'completed', after_slow: 'skipped' });
  });
});
