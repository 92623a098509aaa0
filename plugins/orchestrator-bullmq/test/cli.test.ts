import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { redisGate, startRedis, type RedisService } from '../../../test/helpers/redis.js';
import { createSandbox, runCli, type Sandbox } from '../../../test/helpers/sandbox.js';
import { registerTeamStack, startWorkers, type Workers } from './workers.js';

const PIPELINES = `
import { existsSync, writeFileSync } from 'node:fs';
import { step, pipeline } from 'zenml';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const part = step({ name: 'part' }, ({ i }: { i: number }) => i);
const sum = step({ name: 'sum' }, (inputs: Record<string, number>) => Object.values(inputs).reduce((a, b) => a + b, 0));
export const fanIn = pipeline({ name: 'fan_in' }, () => {
  const parts: Record<string, any> = {};
  for (let i = 0; i < 6; i++) parts['p' + i] = part({ i }, { id: 'part_' + i });
  sum(parts);
});
const slow = step({ name: 'slow' }, async ({ marker, ms }: { marker: string; ms: number }) => {
  // The first runner says who it is, then takes its time: long enough to be killed or stopped.
  if (!existsSync(marker)) writeFileSync(marker, String(process.pid));
  await sleep(ms);
  return 'slow done';
});
const after = step({ name: 'after' }, ({ x }: { x: string }) => x + '!');
const talker = step({ name: 'talker', enableCache: false }, async ({ marker }: { marker: string }) => {
  // The first runner prints, then waits to be killed; the one that takes over prints and ends.
  const first = !existsSync(marker);
  if (first) writeFileSync(marker, String(process.pid));
  console.log(first ? 'the first worker prints this' : 'the worker that took over prints this');
  if (first) await sleep(120_000);
  return 'talked';
});
export const talking = pipeline({ name: 'talking' }, ({ marker }: { marker: string }) => { talker({ marker }); });
export const slowTwo = pipeline({ name: 'slow_two' }, ({ marker, ms }: { marker: string; ms: number }) => { after({ x: slow({ marker, ms }) }); });
`;

const gate = redisGate();
describe('bullmq orchestrator through the CLI', { skip: gate.skip }, () => {
  let sandbox: Sandbox;
  let redis: RedisService;
  let workers: Workers;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  const until = async (check: () => Promise<boolean>, what: string, timeoutMs = 40_000) => {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) if (await check()) return;
    assert.fail(`timed out waiting for ${what}`);
  };
  const describeRun = async (name: string) => (await cli('pipeline', 'runs', 'describe', name, '--json')).json();

  before(async () => {
    sandbox = createSandbox();
    redis = startRedis();
    sandbox.write('pipelines.ts', PIPELINES);
    await registerTeamStack(sandbox, redis.url, 'cli');
    workers = await startWorkers(2, { stack: 'team', env: sandbox.env, cwd: sandbox.cwd, concurrency: 1 });
  });
  after(async () => {
    await workers?.stop();
    redis?.stop();
    sandbox?.cleanup();
  });

  test('a bullmq orchestrator with a local artifact store not marked shared is refused at register and update, and nothing is written', async () => {
    const sharedHint = /sharedFilesystem: true .*zenml artifact-store register shared --flavor local --sharedFilesystem=true/;
    const register = await cli('stack', 'register', 'lonely', '-o', 'queue', '-a', 'default');
    assert.equal(register.code, 1);
    assert.match(register.stderr, /Stack 'lonely' is not valid: /);
    assert.match(register.stderr, sharedHint);
    assert.equal(register.stderr.trim().split('\n').length, 1);
    assert.notEqual((await cli('stack', 'describe', 'lonely')).code, 0, 'the refused stack was not registered');

    const before = (await cli('stack', 'describe', 'team', '--json')).json();
    const update = await cli('stack', 'update', 'team', '-a', 'default');
    assert.equal(update.code, 1);
    assert.match(update.stderr, sharedHint);
    assert.deepEqual((await cli('stack', 'describe', 'team', '--json')).json(), before, 'the refused update changed nothing');

    // An import is checked the same way, before any of its components is created.
    const exported = sandbox.write(
      'lonely.yaml',
      `stack_name: lonely\nzenml_version: 0.1.0\ncomponents:\n  artifact_store:\n    name: unshared\n    flavor: local\n    configuration: {}\n  orchestrator:\n    name: queue2\n    flavor: bullmq\n    configuration:\n      redisUrl: ${redis.url}\n`,
    );
    const imported = await cli('stack', 'import', 'lonely', '--file', exported);
    assert.equal(imported.code, 1);
    assert.match(imported.stderr, sharedHint);
    assert.notEqual((await cli('artifact-store', 'describe', 'unshared')).code, 0, 'the refused import created no component');
    assert.notEqual((await cli('orchestrator', 'describe', 'queue2')).code, 0, 'the refused import created no component');
  });

  test('a fan-in step starts after all of its parents ended, and progress is drawn while waiting', async () => {
    const result = await cli('pipeline', 'run', 'pipelines.ts', '--pipeline', 'fanIn', '--run-name', 'fan');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /✔ sum completed/);
    const run = await describeRun('fan');
    assert.equal(run.status, 'completed');
    const steps = run.steps as Array<{ invocationId: string; started: string; ended: string }>;
    const sum = steps.find((s) => s.invocationId === 'sum')!;
    for (const part of steps.filter((s) => s.invocationId.startsWith('part_'))) assert.ok(sum.started >= part.ended, `sum started before ${part.invocationId} ended`);
  });

  test('--detach returns once queued; describe (another process) sees the run finish', async () => {
    const marker = join(sandbox.dir, 'detach-marker');
    const result = await cli('pipeline', 'run', 'pipelines.ts', '--pipeline', 'slowTwo', '--run-name', 'detached', '--detach', '--json', '--config', sandbox.write('detach.yaml', `parameters:\n  marker: ${marker}\n  ms: 1500\n`));
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json().status, 'running');
    await until(async () => (await describeRun('detached')).status === 'completed', 'the detached run to complete');
  });

  test('runs stop ends a queued run on the workers: the running step is abandoned, the rest skipped', async () => {
    const marker = join(sandbox.dir, 'stop-marker');
    const config = sandbox.write('stop.yaml', `parameters:\n  marker: ${marker}\n  ms: 20000\n`);
    assert.equal((await cli('pipeline', 'run', 'pipelines.ts', '--pipeline', 'slowTwo', '--run-name', 'stopped', '--detach', '--config', config)).code, 0);
    await until(async () => existsSync(marker), 'the slow step to start');
    const stop = await cli('pipeline', 'runs', 'stop', 'stopped', '--json');
    assert.equal(stop.code, 0, stop.stderr + stop.stdout);
    assert.equal(stop.json().status, 'stopped');
    const run = await describeRun('stopped');
    const status = Object.fromEntries((run.steps as Array<{ invocationId: string; status: string }>).map((s) => [s.invocationId, s.status]));
    assert.deepEqual(status, { slow: 'stopped', after: 'skipped' });
  });

  test('a worker SIGKILLed mid-step: another worker finishes the step, completed exactly once', async () => {
    const marker = join(sandbox.dir, 'kill-marker');
    const config = sandbox.write('kill.yaml', `parameters:\n  marker: ${marker}\n  ms: 2500\n`);
    assert.equal((await cli('pipeline', 'run', 'pipelines.ts', '--pipeline', 'slowTwo', '--run-name', 'killed', '--detach', '--config', config)).code, 0);
    await until(async () => existsSync(marker), 'the slow step to start');
    const victim = Number(readFileSync(marker, 'utf8'));
    assert.ok(workers.processes.some((child) => child.pid === victim), 'the step runs in a worker');
    await workers.kill(victim, 'SIGKILL');
    await workers.add();
    await until(async () => (await describeRun('killed')).status !== 'running', 'the run to end', 60_000);
    const run = await describeRun('killed');
    assert.equal(run.status, 'completed', run.statusReason);
    const slowRuns = (run.steps as Array<{ invocationId: string; status: string; attempts: number }>).filter((s) => s.invocationId === 'slow');
    assert.equal(slowRuns.length, 1, 'one step run for the step');
    assert.equal(slowRuns[0].status, 'completed');
    assert.equal(slowRuns[0].attempts, 2);
    const versions = (await cli('artifact', 'version', 'list', '--name', 'slow_two::slow::output', '--json')).json();
    const ofRun = (versions.items as Array<{ producerRunId?: string }>).filter((v) => !v.producerRunId || v.producerRunId === run.id);
    assert.ok(ofRun.length >= 1);
  });

  test("a step taken over from a SIGKILLed worker keeps one log with both workers' output", async () => {
    const marker = join(sandbox.dir, 'talk-marker');
    const config = sandbox.write('talk.yaml', `parameters:\n  marker: ${marker}\n`);
    assert.equal((await cli('pipeline', 'run', 'pipelines.ts', '--pipeline', 'talking', '--run-name', 'talked', '--detach', '--config', config)).code, 0);
    const logs = async () => (await cli('pipeline', 'runs', 'logs', 'talked', '--step', 'talker')).stdout;
    // Killed only once its first output is stored (a log chunk is written within a second).
    await until(async () => (await logs()).includes('the first worker prints this'), 'the first worker to store its output', 60_000);
    await workers.kill(Number(readFileSync(marker, 'utf8')), 'SIGKILL');
    await workers.add();
    await until(async () => (await describeRun('talked')).status !== 'running', 'the run to end', 60_000);
    assert.equal((await describeRun('talked')).status, 'completed');
    const log = await logs();
    assert.match(log, /the first worker prints this\n[^]*--- attempt 2 on [^\n]+ ---\n[^]*the worker that took over prints this\n/);
  });
});
