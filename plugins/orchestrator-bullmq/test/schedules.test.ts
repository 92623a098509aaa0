import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { redisGate, startRedis, type RedisService } from '../../../test/helpers/redis.js';
import { CLI, createSandbox, runCli, type Sandbox } from '../../../test/helpers/sandbox.js';
import { registerTeamStack, startWorkers, type Workers } from './workers.js';

const PIPELINE = `
import { appendFileSync } from 'node:fs';
import { step, pipeline } from 'zenml';
// Each execution says which process ran it (the sandbox's working dir is every process's).
const tick = step({ name: 'tick' }, () => { appendFileSync('ticks.log', process.pid + '\\n'); return process.pid; });
export const ticker = pipeline({ name: 'ticker' }, () => { tick(); });
`;

interface RunRow {
  id: string;
  status: string;
  config?: { scheduledFor?: string };
}

const gate = redisGate();
describe('schedules on a bullmq stack are fired by BullMQ job schedulers on the workers', { skip: gate.skip }, () => {
  let sandbox: Sandbox;
  let redis: RedisService;
  let workers: Workers;
  let scheduler: ChildProcess | undefined;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const runsOf = async (schedule: string): Promise<RunRow[]> => {
    const result = await cli('pipeline', 'runs', 'list', '--schedule', schedule, '--size', '1000', '--json');
    assert.equal(result.code, 0, result.stderr);
    const page = result.json() as { items: RunRow[] } | RunRow[];
    return Array.isArray(page) ? page : page.items;
  };
  const until = async (check: () => Promise<boolean>, what: string, timeoutMs = 30_000) => {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(250)) if (await check()) return;
    assert.fail(`timed out waiting for ${what}`);
  };

  before(async () => {
    sandbox = createSandbox();
    redis = startRedis();
    sandbox.write('ticker.ts', PIPELINE);
    await registerTeamStack(sandbox, redis.url, 'sched');
    workers = await startWorkers(2, { stack: 'team', env: sandbox.env, cwd: sandbox.cwd, concurrency: 2 });
    // The local scheduler runs too: it must leave the bullmq stack's schedules to the workers.
    scheduler = spawn(process.execPath, [CLI, 'scheduler', 'start'], { env: sandbox.env, cwd: sandbox.cwd, stdio: 'ignore' });
  });
  after(async () => {
    if (scheduler && scheduler.exitCode === null) {
      const exited = new Promise((r) => scheduler!.once('exit', r));
      scheduler.kill('SIGTERM');
      await exited;
    }
    await workers?.stop();
    redis?.stop();
    sandbox?.cleanup();
  });

  test('a */1 s schedule fires runs the workers execute, each firing once; pause, resume and delete follow', async () => {
    const created = await cli('pipeline', 'schedule', 'create', 'ticker.ts', '--cron', '*/1 * * * * *', '--name', 'every_second', '--json');
    assert.equal(created.code, 0, created.stderr + created.stdout);

    await until(async () => (await runsOf('every_second')).filter((run) => run.status === 'completed').length >= 3, '3 completed runs of the schedule');
    const runs = await runsOf('every_second');
    const firings = runs.map((run) => run.config?.scheduledFor);
    assert.ok(firings.every(Boolean), 'every run records the firing it ran for');
    assert.equal(new Set(firings).size, firings.length, `a firing ran twice: ${firings.join(', ')}`);
    const workerPids = new Set(workers.processes.map((child) => String(child.pid)));
    const ticks = readFileSync(join(sandbox.cwd, 'ticks.log'), 'utf8').trim().split('\n');
    assert.ok(ticks.every((pid) => workerPids.has(pid)), `steps ran outside the workers: ${ticks.join(', ')}`);

    assert.equal((await cli('pipeline', 'schedule', 'pause', 'every_second')).code, 0);
    await sleep(1500); // a firing claimed just before the pause may still start
    const paused = (await runsOf('every_second')).length;
    await sleep(2500);
    assert.equal((await runsOf('every_second')).length, paused, 'a paused schedule fired');

    assert.equal((await cli('pipeline', 'schedule', 'resume', 'every_second')).code, 0);
    await until(async () => (await runsOf('every_second')).length >= paused + 2, 'runs after the resume');

    assert.equal((await cli('pipeline', 'schedule', 'delete', 'every_second', '-y')).code, 0);
    const schedulers = await redisJobSchedulers(redis.url);
    assert.deepEqual(schedulers, [], 'the job scheduler of a deleted schedule is removed');
  });
});

/** The BullMQ job schedulers registered on the test's schedule queue. */
async function redisJobSchedulers(url: string): Promise<string[]> {
  const { Queue } = await import('bullmq');
  const queue = new Queue('sched.schedules', { connection: { url } as never });
  try {
    return (await queue.getJobSchedulers()).map((scheduler) => scheduler.key);
  } finally {
    await queue.close();
  }
}
