import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSandbox, runCli, type Sandbox, runScript } from '../helpers/sandbox.js';

// A run killed with SIGKILL at each of these points (the n-th time the point is passed)
// must leave a consistent store: see the checks in `assertConsistent`.
const POINTS = [
  'run:created',
  'run:running',
  'dag:before-launch:2',
  'step:created:1',
  'step:inputs-loaded:2',
  'step:returned:1',
  'retry:waiting:1',
  'write:temp-created:1',
  'write:file-written:1',
  'write:saved:2',
  'write:before-commit:1',
  'write:committed:3',
  'step:outputs-written:2',
  'store:transaction-begun:4',
  'store:version-inserted:1',
  'store:before-commit:5',
  'store:after-commit:6',
  'step:completed:3',
  'run:before-final',
  'run:finished',
];

const PIPELINE = `
import { step, pipeline } from 'zenml';
let attempts = 0;
const load = step({ name: 'load' }, async () => [1, 2, 3, 4, 5, 6]);
const split = step({ name: 'split', outputs: ['train', 'test'] }, ({ data }) => ({ train: data.slice(0, 4), test: data.slice(4) }));
const flaky = step({ name: 'flaky', retry: { maxRetries: 2, delayMs: 20 } }, ({ xs }) => {
  attempts += 1;
  if (attempts === 1) throw new Error('first attempt fails');
  return Float64Array.from(xs, (x) => x * 2);
});
const total = step({ name: 'total' }, ({ xs, ys }) => [...xs].reduce((a, b) => a + b, 0) + ys.length);
export const crashy = pipeline({ name: 'crashy', enableCache: false }, () => {
  const data = load();
  const { train, test } = split({ data });
  const doubled = flaky({ xs: train });
  total({ xs: doubled, ys: test });
});
const run = await crashy.withOptions({ runName: process.env.RUN_NAME })();
console.log(JSON.stringify({ status: run.status }));
`;

const EXPECTED: Record<string, unknown> = {
  'crashy::load::output': [1, 2, 3, 4, 5, 6],
  'crashy::split::train': [1, 2, 3, 4],
  'crashy::split::test': [5, 6],
  'crashy::flaky::output': [2, 4, 6, 8],
  'crashy::total::output': 22,
};

describe('crash safety: a run killed with SIGKILL leaves a consistent store', () => {
  let sandbox: Sandbox;
  let script: string;
  let artifactRoot: string;
  const leftTemp: string[] = [];

  before(async () => {
    sandbox = createSandbox('zenml-crash-');
    script = sandbox.write('crashy.mjs', PIPELINE);
    const first = await runScript(sandbox, script, { RUN_NAME: 'clean-first' });
    assert.equal(first.code, 0, first.stderr);
    const { Client } = await import('../../src/index.js');
    const stack = await new Client(sandbox.env).getActiveStack();
    artifactRoot = join(sandbox.configDir, 'local_stores', stack.components.artifact_store);
  });

  after(async () => {
    const { closeZenContexts } = await import('../../src/context/zen-context.js');
    await closeZenContexts();
    sandbox?.cleanup();
  });

  async function assertConsistent(point: string, runName: string): Promise<void> {
    const { Client } = await import('../../src/index.js');
    const client = new Client(sandbox.env);
    const runs = await client.listPipelineRuns({ size: 1000 });
    const run = runs.items.find((r) => r.name === runName);
    if (run) {
      if (point === 'run:finished') assert.equal(run.status, 'completed', `${point}: the final status was committed before the kill`);
      else {
        assert.equal(run.status, 'failed', `${point}: a run whose process died is failed`);
        assert.equal(run.statusReason, 'process died', point);
        assert.ok(run.ended, `${point}: the dead run has an end time`);
      }
      for (const stepRun of (await client.listRunSteps({ pipelineRunId: run.id })).items) {
        assert.ok(!['running', 'retrying', 'initializing'].includes(stepRun.status), `${point}: step ${stepRun.invocationId} still ${stepRun.status}`);
        if (stepRun.status === 'failed') assert.equal(stepRun.error, 'process died', `${point}: ${stepRun.invocationId}`);
        if (stepRun.status === 'completed') {
          assert.deepEqual(Object.keys(stepRun.outputs).sort(), stepRun.invocationId === 'split' ? ['test', 'train'] : ['output'], `${point}: a completed step has all its outputs`);
        }
      }
    } else {
      // Killed before the run row committed: nothing of it may exist.
      assert.ok(point.startsWith('store:') || point === 'run:created', `${point}: run ${runName} missing`);
    }
    // Every registered version is complete and loads to the value its step produced.
    const versions = await client.listArtifactVersions({ size: 10_000 });
    for (const version of versions.items) {
      assert.ok(existsSync(version.uri), `${point}: files of ${version.name} v${version.version} exist`);
      const value = await version.load();
      assert.deepEqual(ArrayBuffer.isView(value) ? [...(value as Float64Array)] : value, EXPECTED[version.name], `${point}: ${version.name} v${version.version}`);
      assert.ok(version.producerStepRunId, `${point}: ${version.name} has a producer`);
      const producer = await client.getRunStep(version.producerStepRunId!);
      assert.equal(producer.status, 'completed', `${point}: ${version.name} v${version.version} was registered with its step's completion`);
    }
    // Versions of each name stay 1..n without gaps.
    const byName = new Map<string, number[]>();
    for (const version of versions.items) byName.set(version.name, [...(byName.get(version.name) ?? []), Number(version.version)]);
    for (const [name, numbers] of byName) assert.deepEqual(numbers.sort((a, b) => a - b), numbers.map((_, i) => i + 1), `${point}: versions of ${name}`);
  }

  for (const [index, point] of POINTS.entries()) {
    test(`killed at ${point}`, async () => {
      const runName = `crash-${index}`;
      const result = await runScript(sandbox, script, { RUN_NAME: runName, ZENML_TEST_CRASH_AT: point });
      assert.equal(result.signal, 'SIGKILL', `the run was killed at ${point} (exit ${result.code}): ${result.stderr}`);
      const temp = join(artifactRoot, '.tmp');
      if (existsSync(temp)) leftTemp.push(...readdirSync(temp));
      await assertConsistent(point, runName);
    });
  }

  test('dead-run detection: a reused pid and a silent remote host count as dead; a live remote run does not', async () => {
    const { Client } = await import('../../src/index.js');
    const { sql } = await import('kysely');
    const client = new Client(sandbox.env);
    const { store } = await client.context();
    const db = (store as unknown as { db: import('kysely').Kysely<any> }).db;
    const template = (await client.listPipelineRuns({ pipeline: 'crashy', size: 1 })).items[0];
    const hour = new Date(Date.now() - 3_600_000).toISOString();
    const fresh = new Date().toISOString();
    const { hostname } = await import('node:os');
    // This test process is alive but started after `hour`: as the owner of an hour-old run it is a reused pid.
    const rows = [
      { name: 'pid-reused', pid: process.pid, host: hostname(), created: hour, heartbeat: hour },
      { name: 'remote-silent', pid: 1, host: 'elsewhere.example', created: hour, heartbeat: hour },
      { name: 'remote-alive', pid: 1, host: 'elsewhere.example', created: hour, heartbeat: fresh },
    ];
    for (const row of rows) {
      await sql`insert into pipeline_runs (id, name, pipeline_id, snapshot_id, stack_id, status, config, created, started, pid, host, heartbeat)
        values (${row.name}, ${row.name}, ${template.pipelineId}, ${template.snapshotId}, ${template.stackId ?? null}, 'running', '{}', ${row.created}, ${row.created}, ${row.pid}, ${row.host}, ${row.heartbeat})`.execute(db);
    }
    assert.equal((await client.getPipelineRun('pid-reused')).status, 'failed');
    assert.equal((await client.getPipelineRun('remote-silent')).statusReason, 'process died');
    assert.equal((await client.getPipelineRun('remote-alive')).status, 'running');
    await sql`update pipeline_runs set status = 'completed' where id = 'remote-alive'`.execute(db);
  });

  test('the CLI sees dead runs as failed, and the next run sweeps dead writers\' temp folders', async () => {
    assert.ok(leftTemp.length > 0, 'some kills happened mid-write and left a temp folder');
    const list = await runCli(['pipeline', 'runs', 'list', '--pipeline', 'crashy', '--size', '100', '--json'], { sandbox });
    assert.equal(list.code, 0, list.stderr);
    const statuses = list.json().items.filter((r: { name: string }) => r.name.startsWith('crash-')).map((r: { status: string }) => r.status);
    assert.ok(statuses.every((s: string) => s === 'failed' || s === 'completed'), statuses.join(','));
    const clean = await runScript(sandbox, script, { RUN_NAME: 'clean-last' });
    assert.equal(clean.code, 0, clean.stderr);
    const temp = join(artifactRoot, '.tmp');
    assert.deepEqual(existsSync(temp) ? readdirSync(temp) : [], [], 'no temp folder survives the next run');
    const artifacts = await runCli(['artifact', 'list', '--size', '100', '--json'], { sandbox });
    assert.equal(artifacts.code, 0, artifacts.stderr);
    const names = artifacts.json().items.map((a: { name: string }) => a.name).sort();
    assert.deepEqual(names, Object.keys(EXPECTED).sort(), 'artifact list shows only real artifacts');
  });
});
