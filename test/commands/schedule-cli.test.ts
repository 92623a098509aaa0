// Schedules end to end: the real CLI, the real store, real time and real runs of a tiny pipeline.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, createSandbox, runCli, useSandboxEnv, type Sandbox } from '../helpers/sandbox.js';
import { Client } from '../../src/sdk/client.js';

const PIPELINE = `
import { step, pipeline } from 'zenml';
const one = step({ name: 'one' }, () => 1);
export const tiny = pipeline({ name: 'tiny' }, () => { one(); });
`;

const EVERY_SECOND = '*/1 * * * * *';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Run {
  id: string;
  status: string;
  scheduleId?: string;
  config: { scheduledFor?: string };
}

describe('zenml pipeline schedule and zenml scheduler', () => {
  let sandbox: Sandbox;
  let file: string;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  const schedulers: ChildProcess[] = [];

  /** The runs a schedule fired, once the run of its last claimed firing exists and none is still going. */
  async function firedRuns(scheduleName: string, timeoutMs = 120_000): Promise<Run[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { id, lastFired } = (await cli('pipeline', 'schedule', 'describe', scheduleName, '--json')).json<{ id: string; lastFired?: string }>();
      const runs = (await cli('pipeline', 'runs', 'list', '--json', '--size', '1000')).json<{ items: Run[] }>().items.filter((r) => r.scheduleId === id);
      const settled = lastFired !== undefined && runs.some((r) => r.config.scheduledFor === lastFired) && runs.every((r) => !['initializing', 'running', 'retrying'].includes(r.status));
      if (settled || Date.now() > deadline) return runs;
      await sleep(1000);
    }
  }

  /** A foreground `zenml scheduler start`, stopped by pid in after(). */
  function startScheduler(): ChildProcess {
    const child = spawn(process.execPath, [CLI, 'scheduler', 'start', '--poll-interval', '200'], { cwd: sandbox.cwd, env: sandbox.env, stdio: 'ignore' });
    schedulers.push(child);
    return child;
  }

  async function stopScheduler(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  before(() => {
    sandbox = createSandbox('zenml-schedules-');
    file = sandbox.write('tiny.ts', PIPELINE);
  });
  after(async () => {
    for (const child of schedulers) await stopScheduler(child);
    await cli('scheduler', 'stop');
    sandbox.cleanup();
  });

  test('a bad cron expression, time zone or date is one line, exit 2, and nothing is written', async () => {
    for (const [flags, pattern] of [
      [['--cron', '61 * * * *'], /'61 \* \* \* \*' is not a valid cron expression/],
      [['--cron', 'every day'], /'every day' is not a cron expression: it has 2 fields/],
      [['--cron', '0 3 * * *', '--timezone', 'Mars/Olympus'], /'Mars\/Olympus' is not a time zone/],
      [['--cron', '0 3 * * *', '--start', 'tomorrow'], /start 'tomorrow' is not a date/],
    ] as const) {
      const result = await cli('pipeline', 'schedule', 'create', file, ...flags);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, pattern);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
    const bad = await cli('pipeline', 'run', file, '--schedule', '* * *');
    assert.equal(bad.code, 2);
    assert.equal((await cli('pipeline', 'schedule', 'list', '--json')).json().total, 0);
    assert.equal((await cli('pipeline', 'list', '--json')).json().total, 0, 'the pipeline file was not even imported');
  });

  test('create, list, describe, pause, resume and delete through the CLI', async () => {
    const created = await cli('pipeline', 'schedule', 'create', file, '--cron', '0 3 * * *', '--name', 'nightly', '--timezone', 'Europe/Paris', '--end', '2099-01-01T00:00:00Z', '--json');
    assert.equal(created.code, 0, created.stderr);
    const schedule = created.json();
    assert.equal(schedule.name, 'nightly');
    assert.equal(schedule.pipelineName, 'tiny');
    assert.equal(schedule.sourceExport, 'tiny');
    assert.equal(schedule.timezone, 'Europe/Paris');
    assert.equal(schedule.endTime, '2099-01-01T00:00:00.000Z');
    assert.equal(schedule.active, true);
    // 03:00 in Paris is 01:00 or 02:00 UTC.
    assert.match(schedule.nextFireTime, /T0[12]:00:00\.000Z$/);
    assert.equal((await cli('pipeline', 'schedule', 'create', file, '--cron', '0 4 * * *', '--name', 'nightly')).code, 1, 'names are unique');

    const list = (await cli('pipeline', 'schedule', 'list', '--json')).json();
    assert.deepEqual(list.items.map((s: { name: string }) => s.name), ['nightly']);
    assert.match((await cli('pipeline', 'schedule', 'list')).stdout, /nightly\s.*tiny\s.*0 3 \* \* \*/);
    assert.equal((await cli('pipeline', 'schedule', 'describe', schedule.id.slice(0, 8), '--json')).json().id, schedule.id);

    assert.equal((await cli('pipeline', 'schedule', 'pause', 'nightly', '--json')).json().active, false);
    assert.equal((await cli('pipeline', 'schedule', 'list', '--no-active', '--json')).json().total, 1);
    assert.equal((await cli('pipeline', 'schedule', 'list', '--active', '--json')).json().total, 0);
    assert.equal((await cli('pipeline', 'schedule', 'resume', 'nightly', '--json')).json().active, true);

    assert.equal((await cli('pipeline', 'schedule', 'delete', 'nightly', '-y', '--json')).json().deleted.name, 'nightly');
    assert.equal((await cli('pipeline', 'schedule', 'describe', 'nightly')).code, 1);
  });

  test('`pipeline run --schedule` and a run config `schedule:` create schedules instead of running', async () => {
    const flagged = await cli('pipeline', 'run', file, '--schedule', '0 5 * * *', '--json');
    assert.equal(flagged.code, 0, flagged.stderr);
    assert.equal(flagged.json().cronExpression, '0 5 * * *');
    const config = sandbox.write('run.yaml', 'schedule:\n  cron_expression: "30 6 * * 1-5"\n  name: weekdays\n  catchup: true\n');
    const fromYaml = await cli('pipeline', 'run', file, '--config', config, '--json');
    assert.equal(fromYaml.code, 0, fromYaml.stderr);
    assert.equal(fromYaml.json().name, 'weekdays');
    assert.equal(fromYaml.json().catchup, true);
    assert.equal((await cli('pipeline', 'runs', 'list', '--json')).json().total, 0, 'nothing ran');
    for (const name of [flagged.json().name, 'weekdays']) await cli('pipeline', 'schedule', 'delete', name, '-y');
  });

  test('two schedulers fire each firing exactly once, as runs linked to the schedule', async () => {
    const a = startScheduler();
    const b = startScheduler();
    const created = await cli('pipeline', 'schedule', 'create', file, '--cron', EVERY_SECOND, '--name', 'twice', '--json');
    assert.equal(created.code, 0, created.stderr);
    // Let both schedulers race for a few firings, then pause the schedule and let its runs end.
    const firstFiring = created.json().nextFireTime;
    await sleep(Math.max(0, Date.parse(firstFiring) - Date.now()) + 3000);
    await cli('pipeline', 'schedule', 'pause', 'twice');
    const runs = await firedRuns('twice');
    await Promise.all([stopScheduler(a), stopScheduler(b)]);
    assert.ok(runs.length >= 1, 'the schedule fired');
    const times = runs.map((r) => r.config.scheduledFor!);
    assert.equal(new Set(times).size, times.length, `a firing ran twice: ${times.join(', ')}`);
    for (const run of runs) assert.equal(run.status, 'completed');
    const linked = (await cli('pipeline', 'runs', 'list', '--schedule', 'twice', '--json')).json();
    assert.equal(linked.total, runs.length);
  });

  test('firings missed while no scheduler ran: once on start by default, each one with --catchup (daemon)', async () => {
    // Created in this process with a far end that is then moved to two seconds after the first
    // firing: however long creating takes on a loaded machine, three firings are missed.
    const restore = useSandboxEnv(sandbox);
    const client = new Client();
    const far = new Date(Date.now() + 3_600_000).toISOString();
    const store = (await client.context()).store;
    const shorten = async (schedule: { id: string; nextFireTime?: string }) =>
      store.updateSchedule(schedule.id, { endTime: new Date(Date.parse(schedule.nextFireTime!) + 2000).toISOString() });
    const once = await shorten(await client.createSchedule(file, { cron: EVERY_SECOND, name: 'missed-once', end: far }));
    const each = await shorten(await client.createSchedule(file, { cron: EVERY_SECOND, name: 'missed-each', end: far, catchup: true }));
    restore();
    const end = [once.endTime!, each.endTime!].sort()[1];
    await sleep(Date.parse(end) - Date.now() + 500);
    const expected: string[] = [];
    for (let t = Date.parse(each.nextFireTime!); t <= Date.parse(each.endTime!); t += 1000) expected.push(new Date(t).toISOString());
    assert.equal(expected.length, 3);

    const started = await cli('scheduler', 'start', '--daemon', '--poll-interval', '200', '--json');
    assert.equal(started.code, 0, started.stderr);
    assert.equal(started.json().running, true);
    assert.equal((await cli('scheduler', 'status', '--json')).json().pid, started.json().pid);
    assert.equal((await cli('scheduler', 'start', '--daemon')).code, 1, 'one daemon per config directory');

    await sleep(1000);
    const onceRuns = await firedRuns(once.name);
    const eachRuns = await firedRuns(each.name);
    const stopped = (await cli('scheduler', 'stop', '--json')).json();
    assert.equal(stopped.stopped, true);
    assert.equal((await cli('scheduler', 'status', '--json')).json().running, false);

    assert.equal(onceRuns.length, 1, 'without catchup everything missed runs once');
    assert.equal(onceRuns[0].config.scheduledFor, once.endTime, 'for the latest missed firing');
    assert.deepEqual(eachRuns.map((r) => r.config.scheduledFor).sort(), expected, 'with catchup each missed firing runs once');
    const ended = (await cli('pipeline', 'schedule', 'describe', 'missed-each', '--json')).json();
    assert.equal(ended.nextFireTime, undefined, 'past its end the schedule has no next firing');
  });
});
