// Dynamic fan-out on local_process (each element in its own step process) and pipeline snapshots through the real CLI.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const HELPER = `export const scale = (x: number) => x * 10;\n`;
const PIPELINE = `
import { step, pipeline } from 'zenml';
import { scale } from './helper.js';
const load = step({ name: 'load' }, ({ n }: { n: number }) => Array.from({ length: n }, (_, i) => i + 1));
const work = step({ name: 'work' }, ({ x }: { x: number }) => scale(x));
const total = step({ name: 'total' }, ({ ys }: { ys: number[] }) => ys.reduce((a, b) => a + b, 0));
export const fan = pipeline({ name: 'fan' }, ({ n = 3 }: { n?: number } = {}) => {
  total({ ys: work.map({ x: load({ n }) }) });
});
`;

interface Details {
  status: string;
  steps: { invocationId: string; status: string; element?: { of: string; index: number }; upstream: string[] }[];
}

describe('fan-out and snapshots through the CLI', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox });

  before(async () => {
    sandbox = createSandbox('zenml-fanout-cli-');
    sandbox.write('helper.ts', HELPER);
    sandbox.write('pipeline.ts', PIPELINE);
    for (const args of [['orchestrator', 'register', 'proc', '--flavor', 'local_process'], ['stack', 'register', 'proc_stack', '-o', 'proc', '-a', 'default']]) {
      const result = await cli(...args);
      assert.equal(result.code, 0, result.stderr);
    }
  });
  after(() => sandbox.cleanup());

  test('a mapped step on local_process: one step process per element, shown with its item in runs describe', async () => {
    const run = await cli('pipeline', 'run', 'pipeline.ts', '--stack', 'proc_stack', '--json');
    assert.equal(run.code, 0, run.stderr);
    const { name } = run.json<{ name: string }>();
    const details = (await cli('pipeline', 'runs', 'describe', name, '--json')).json<Details>();
    assert.equal(details.status, 'completed');
    assert.deepEqual(details.steps.map((s) => [s.invocationId, s.element?.index ?? null]), [['load', null], ['work_0', 0], ['work_1', 1], ['work_2', 2], ['total', null]]);
    assert.deepEqual(details.steps.find((s) => s.invocationId === 'total')!.upstream, ['work_0', 'work_1', 'work_2']);
    const table = await cli('pipeline', 'runs', 'describe', name, '--graph', '--ascii');
    assert.match(table.stdout, /item/);
    assert.match(table.stdout, /work_2/);
  });

  test('snapshot create, list, describe, run without the source file (with a --config overlay), delete', async () => {
    sandbox.write('small.yaml', 'parameters:\n  n: 2\n');
    sandbox.write('big.yaml', 'parameters:\n  n: 4\n');
    const created = await cli('pipeline', 'snapshot', 'create', 'pipeline.ts', '--name', 'nightly', '--config', 'small.yaml', '--json');
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.json<{ pipelineName: string }>().pipelineName, 'fan');
    const listed = (await cli('pipeline', 'snapshot', 'list', '--json')).json<{ items: { name: string }[] }>();
    assert.deepEqual(listed.items.map((s) => s.name), ['nightly']);
    const described = (await cli('pipeline', 'snapshot', 'describe', 'nightly', '--json')).json<{ runConfig: unknown; sourceFile: string }>();
    assert.deepEqual(described.runConfig, { parameters: { n: 2 } });
    assert.equal(described.sourceFile, 'pipeline.ts');

    // The source is gone: the snapshot runs from its archive, helper module included.
    renameSync(join(sandbox.cwd, 'pipeline.ts'), join(sandbox.cwd, 'pipeline.ts.away'));
    renameSync(join(sandbox.cwd, 'helper.ts'), join(sandbox.cwd, 'helper.ts.away'));
    try {
      const first = await cli('pipeline', 'snapshot', 'run', 'nightly', '--json');
      assert.equal(first.code, 0, first.stderr);
      const firstRun = first.json<{ name: string }>();
      const firstDetails = (await cli('pipeline', 'runs', 'describe', firstRun.name, '--json')).json<Details>();
      assert.equal(firstDetails.steps.filter((s) => s.element).length, 2);
      const overlaid = await cli('pipeline', 'snapshot', 'run', 'nightly', '--config', 'big.yaml', '--stack', 'proc_stack', '--json');
      assert.equal(overlaid.code, 0, overlaid.stderr);
      const details = (await cli('pipeline', 'runs', 'describe', overlaid.json<{ name: string }>().name, '--json')).json<Details>();
      assert.equal(details.steps.filter((s) => s.element).length, 4);
    } finally {
      renameSync(join(sandbox.cwd, 'pipeline.ts.away'), join(sandbox.cwd, 'pipeline.ts'));
      renameSync(join(sandbox.cwd, 'helper.ts.away'), join(sandbox.cwd, 'helper.ts'));
    }
    const missing = await cli('pipeline', 'snapshot', 'run', 'nope');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No pipeline snapshot named or with id 'nope'/);
    assert.equal((await cli('pipeline', 'snapshot', 'delete', 'nightly', '-y')).code, 0);
    assert.deepEqual((await cli('pipeline', 'snapshot', 'list', '--json')).json<{ items: unknown[] }>().items, []);
  });
});
