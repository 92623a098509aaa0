import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const PIPELINE = `
import { step, pipeline, logMetadata } from 'zenml';
const load = step({ name: 'load' }, async () => [1, 2, 3, 4]);
const split = step({ name: 'split', outputs: ['train', 'test'] as const }, ({ data }: { data: number[] }) => ({ train: data.slice(0, 3), test: data.slice(3) }));
const mean = step({ name: 'mean' }, ({ xs }: { xs: number[] }) => xs.reduce((a, b) => a + b, 0) / xs.length);
const report = step({ name: 'report' }, async ({ a, b }: { a: number; b: number }) => {
  await logMetadata({ metadata: { gap: a - b } });
  return \`train \${a}, test \${b}\`;
});
export const demo = pipeline({ name: 'demo' }, () => {
  const data = load();
  const { train, test } = split({ data });
  const a = mean({ xs: train });
  const b = mean({ xs: test }, { id: 'mean_test' });
  report({ a, b });
});
`;

const FAILING = `
import { step, pipeline } from 'zenml';
const ok = step({ name: 'ok' }, () => 1);
const boom = step({ name: 'boom' }, ({ x }: { x: number }) => { throw new Error('kaboom ' + x); });
const later = step({ name: 'later' }, ({ y }: { y: number }) => y);
export const fragile = pipeline({ name: 'fragile' }, () => { later({ y: boom({ x: ok() }) }); });
`;

const STEP_IDS = ['load', 'split', 'mean', 'mean_test', 'report'];

describe('zenml pipeline and pipeline runs commands', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  let firstRun: { id: string; name: string };
  let secondRun: { id: string; name: string };

  before(async () => {
    sandbox = createSandbox();
    sandbox.write('p.ts', PIPELINE);
    sandbox.write('fail.ts', FAILING);
    sandbox.write('nothing.ts', 'export const answer = 42;\n');
    const first = await cli('pipeline', 'run', 'p.ts', '--json');
    assert.equal(first.code, 0, first.stderr);
    firstRun = first.json();
    const second = await cli('pipeline', 'run', 'p.ts', '--json');
    assert.equal(second.code, 0, second.stderr);
    secondRun = second.json();
  });
  after(() => sandbox?.cleanup());

  test('pipeline run --json reports the run and every step', () => {
    assert.equal((firstRun as any).status, 'completed');
    assert.deepEqual(Object.keys((firstRun as any).steps).sort(), [...STEP_IDS].sort());
    assert.equal((firstRun as any).steps.report.outputs.output.name, 'demo::report::output');
    // The second run reuses every step from the cache.
    for (const id of STEP_IDS) assert.equal((secondRun as any).steps[id].cached, true, id);
  });

  test('pipeline run of a file without a pipeline export exits 2 with one line', async () => {
    const result = await cli('pipeline', 'run', 'nothing.ts');
    assert.equal(result.code, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /exports no pipeline/);
  });

  test('a failing step exits 1 and the run is stored as failed', async () => {
    const result = await cli('pipeline', 'run', 'fail.ts', '--json');
    assert.equal(result.code, 1, result.stderr);
    const run = result.json();
    assert.equal(run.status, 'failed');
    assert.equal(run.steps.boom.status, 'failed');
    assert.match(run.error, /kaboom 1/);
    const listed = (await cli('pipeline', 'runs', 'list', '--pipeline', 'fragile', '--status', 'failed', '--json')).json();
    assert.equal(listed.total, 1);
    assert.equal(listed.items[0].id, run.id);
    const described = (await cli('pipeline', 'runs', 'describe', run.id, '--json')).json();
    const byId = Object.fromEntries(described.steps.map((s: any) => [s.invocationId, s]));
    assert.equal(byId.ok.status, 'completed');
    assert.equal(byId.boom.status, 'failed');
    assert.match(byId.boom.error, /kaboom/);
    assert.equal(byId.later.status, 'skipped');
  });

  test('pipeline list and describe', async () => {
    const list = await cli('pipeline', 'list', '--json');
    assert.equal(list.code, 0, list.stderr);
    const page = list.json();
    assert.deepEqual(Object.keys(page).sort(), ['items', 'page', 'size', 'total']);
    assert.ok(page.items.some((p: any) => p.name === 'demo'));
    const described = await cli('pipeline', 'describe', 'demo', '--json');
    assert.equal(described.code, 0, described.stderr);
    const pipeline = described.json();
    assert.equal(pipeline.name, 'demo');
    assert.equal(pipeline.runCount, 2);
    assert.deepEqual(pipeline.latestRuns.map((r: any) => r.id).sort(), [firstRun.id, secondRun.id].sort());
    const table = await cli('pipeline', 'describe', 'demo');
    assert.match(table.stdout, /Latest runs/);
    assert.match(table.stdout, new RegExp(firstRun.name));
  });

  test('pipeline runs list filters by pipeline and status, and pages', async () => {
    const all = (await cli('pipeline', 'runs', 'list', '--pipeline', 'demo', '--json')).json();
    assert.equal(all.total, 2);
    assert.equal(all.items[0].id, secondRun.id, 'newest first');
    assert.ok(all.items.every((r: any) => r.pipelineName === 'demo' && r.status === 'completed'));
    const second = (await cli('pipeline', 'runs', 'list', '--pipeline', 'demo', '--size', '1', '--page', '2', '--json')).json();
    assert.deepEqual({ total: second.total, page: second.page, size: second.size, n: second.items.length }, { total: 2, page: 2, size: 1, n: 1 });
    assert.equal(second.items[0].id, firstRun.id);
    const none = (await cli('pipeline', 'runs', 'list', '--pipeline', 'demo', '--status', 'failed', '--json')).json();
    assert.equal(none.total, 0);
  });

  test('-o yaml and -o csv shapes', async () => {
    const yaml = await cli('pipeline', 'runs', 'list', '--pipeline', 'demo', '-o', 'yaml');
    assert.equal(yaml.code, 0, yaml.stderr);
    const parsed = parseYaml(yaml.stdout);
    assert.equal(parsed.total, 2);
    assert.equal(parsed.items.length, 2);
    const csv = await cli('pipeline', 'runs', 'list', '--pipeline', 'demo', '-o', 'csv');
    const lines = csv.stdout.trim().split('\n');
    assert.equal(lines[0], 'name,pipeline,status,created,duration,id');
    assert.equal(lines.length, 3);
    assert.ok(lines.slice(1).every((line) => line.split(',')[1] === 'demo' && line.split(',')[2] === 'completed'));
    const describedYaml = parseYaml((await cli('pipeline', 'runs', 'describe', firstRun.name, '-o', 'yaml')).stdout);
    assert.equal(describedYaml.id, firstRun.id);
    assert.equal(describedYaml.steps.length, STEP_IDS.length);
  });

  test('pipeline runs describe shows steps with status, duration and cache use', async () => {
    const first = (await cli('pipeline', 'runs', 'describe', firstRun.name, '--json')).json();
    assert.equal(first.id, firstRun.id);
    assert.equal(first.pipeline, 'demo');
    assert.deepEqual(first.steps.map((s: any) => s.invocationId).sort(), [...STEP_IDS].sort());
    for (const step of first.steps) {
      assert.equal(step.status, 'completed');
      assert.equal(step.cached, false);
      assert.equal(typeof step.durationMs, 'number');
    }
    const report = first.steps.find((s: any) => s.invocationId === 'report');
    assert.deepEqual([...report.upstream].sort(), ['mean', 'mean_test']);
    assert.equal(report.outputs.output.name, 'demo::report::output');
    assert.deepEqual(report.metadata, { gap: -2 });
    assert.match((await cli('pipeline', 'runs', 'describe', firstRun.id)).stdout, /Metadata of step report/);
    const second = (await cli('pipeline', 'runs', 'describe', secondRun.id, '--json')).json();
    assert.ok(second.steps.every((s: any) => s.cached === true && s.status === 'cached'));
    const table = await cli('pipeline', 'runs', 'describe', firstRun.id);
    for (const id of STEP_IDS) assert.match(table.stdout, new RegExp(`│ ${id} `));
    assert.doesNotMatch(table.stdout, /DAG:/);
  });

  test('pipeline runs describe --graph draws every step and its edges', async () => {
    const result = await cli('pipeline', 'runs', 'describe', firstRun.id, '--graph');
    assert.equal(result.code, 0, result.stderr);
    const graph = result.stdout.slice(result.stdout.indexOf('DAG:'));
    for (const id of STEP_IDS) assert.match(graph, new RegExp(`(^|▶ |↓ )${id}  `, 'm'), id);
    // split hangs under load; report waits for both means.
    assert.match(graph, /^load .*\n↓ split /m);
    assert.match(graph, /report .*\[needs mean, mean_test\]/);
    assert.match(graph, /report {2}↑ see above/);
    const json = (await cli('pipeline', 'runs', 'describe', firstRun.id, '--graph', '--ascii', '--json')).json();
    assert.equal(typeof json.graph, 'string');
    for (const id of STEP_IDS) assert.ok(json.graph.includes(id), id);
    assert.match(json.graph, /^v split/m);
    assert.match(json.graph, /\|-> mean /);
    assert.doesNotMatch(json.graph, /[^\x00-\x7f]/);
  });

  test('step runs list --run lists the step runs of a run', async () => {
    const result = await cli('step', 'runs', 'list', '--run', firstRun.name, '--json');
    assert.equal(result.code, 0, result.stderr);
    const page = result.json();
    assert.equal(page.total, STEP_IDS.length);
    assert.deepEqual(page.items.map((s: any) => s.invocationId).sort(), [...STEP_IDS].sort());
    assert.ok(page.items.every((s: any) => s.runId === firstRun.id));
    const paged = (await cli('step', 'runs', 'list', '--run', firstRun.id, '--size', '2', '--page', '3', '--json')).json();
    assert.equal(paged.items.length, 1);
    const csv = await cli('step', 'runs', 'list', '--run', firstRun.id, '-o', 'csv');
    assert.equal(csv.stdout.trim().split('\n')[0], 'step,status,cached,duration,attempts,id');
  });

  test('unknown names exit 1 with one line; bad flags exit 2', async () => {
    for (const args of [
      ['pipeline', 'runs', 'describe', 'no-such-run'],
      ['pipeline', 'runs', 'delete', 'no-such-run', '-y'],
      ['pipeline', 'describe', 'no-such-pipeline'],
      ['pipeline', 'delete', 'no-such-pipeline', '-y'],
      ['step', 'runs', 'list', '--run', 'no-such-run'],
      ['pipeline', 'runs', 'list', '--pipeline', 'no-such-pipeline'],
    ]) {
      const result = await cli(...args);
      assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /^Error: No pipeline/);
    }
    for (const args of [
      ['pipeline', 'runs', 'list', '--status', 'bogus'],
      ['pipeline', 'runs', 'list', '--size', '0'],
      ['step', 'runs', 'list'],
      ['pipeline', 'runs', 'describe'],
      ['pipeline', 'list', '--no-such-flag'],
      ['pipeline', 'list', '-o', 'xml'],
    ]) {
      const result = await cli(...args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
    const json = await cli('pipeline', 'runs', 'describe', 'no-such-run', '--json');
    assert.equal(json.code, 1);
    assert.match(json.json().error.message, /No pipeline run/);
  });

  test('pipeline runs delete needs -y without a terminal, then deletes', async () => {
    const refused = await cli('pipeline', 'runs', 'delete', firstRun.id);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /-y/);
    assert.equal((await cli('pipeline', 'runs', 'list', '--pipeline', 'demo', '--json')).json().total, 2, 'nothing deleted');

    const deleted = await cli('pipeline', 'runs', 'delete', firstRun.id, '-y', '--json');
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.deepEqual(deleted.json().deleted, { type: 'pipeline run', id: firstRun.id, name: firstRun.name });
    const after = (await cli('pipeline', 'runs', 'list', '--pipeline', 'demo', '--json')).json();
    assert.equal(after.total, 1);
    assert.equal(after.items[0].id, secondRun.id);
    assert.equal((await cli('pipeline', 'runs', 'describe', firstRun.id)).code, 1);
    // Artifact versions outlive the run that produced them.
    assert.equal((await cli('artifact', 'inspect', 'demo::report::output', '--version', '1', '--json')).code, 0);
  });

  test('pipeline delete needs -y without a terminal, then deletes the pipeline and its runs', async () => {
    const refused = await cli('pipeline', 'delete', 'demo');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /and its 1 run/);
    assert.equal((await cli('pipeline', 'list', '--name', 'demo', '--json')).json().total, 1, 'nothing deleted');

    const before = (await cli('pipeline', 'list', '--json')).json().total;
    const deleted = await cli('pipeline', 'delete', 'demo', '--yes');
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stdout, /Deleted pipeline 'demo'/);
    assert.equal((await cli('pipeline', 'list', '--json')).json().total, before - 1);
    assert.equal((await cli('pipeline', 'runs', 'describe', secondRun.id)).code, 1, 'its runs went with it');
  });
});
