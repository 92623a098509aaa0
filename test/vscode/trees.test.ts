// The VS Code extension's data layer against a real local store: the worker's handlers (the
// public Client, in process), the trees built from them, the DAG page, and the real worker
// process over IPC, which must see a `zenml stack set` made in a terminal.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Client, pipeline, step } from '../../src/index.js';
import { dagHtml } from '../../vscode/src/dag/dag-html.js';
import { createHandlers, type ZenClient } from '../../vscode/src/worker/handlers.js';
import { WorkerBackend } from '../../vscode/src/worker-backend.js';
import { findZenml } from '../../vscode/src/zenml-location.js';
import { hasActiveRuns, modelTree, pipelineTree, serverTree, stackTree } from '../../vscode/src/trees/trees.js';
import { sdkSandbox } from '../integration/sdk-sandbox.js';
import { REPO_ROOT, runCli } from '../helpers/sandbox.js';

const box = sdkSandbox('zenml-vscode-trees-');

const load = step({ name: 'load' }, () => [1, 2, 3, 4]);
const double = step({ name: 'double' }, ({ xs }: { xs: number[] }) => xs.map((x) => x * 2));
const total = step({ name: 'total' }, ({ a, b }: { a: number[]; b: number[] }) => a.length + b.length);
const diamond = pipeline({ name: 'diamond', enableCache: false }, () => {
  const xs = load();
  const a = double({ xs });
  const b = double({ xs }, { id: 'double_again' });
  total({ a, b });
});

describe('VS Code extension trees on a real store', () => {
  const client = new Client();
  // The extension types the Client from the built package ('zenml'); the tests run src/: same class.
  const api = createHandlers(() => client as unknown as ZenClient);

  test('Stacks: default and a registered stack, components nested, the active one marked, others clickable', async () => {
    await client.createStack('other', { orchestrator: 'default', artifact_store: 'default' });
    const nodes = stackTree(await api.stacks());
    assert.deepEqual(nodes.map((n) => n.label), ['default', 'other']);
    const [def, other] = nodes;
    assert.equal(def!.contextValue, 'zenml.stack.active');
    assert.match(def!.description ?? '', /^active/);
    assert.equal(def!.command, undefined);
    assert.deepEqual(def!.children!.map((c) => c.description), ['artifact_store · local', 'orchestrator · local']);
    assert.equal(other!.contextValue, 'zenml.stack');
    assert.deepEqual(other!.command?.arguments, ['other']);
  });

  test('set active, rename and delete go through the Client and the CLI sees them', async () => {
    await api.setActiveStack('other');
    const status = await runCli(['status', '--json'], { sandbox: box.sandbox });
    assert.equal(status.json().activeStack.name, 'other');
    await api.registerStack('spare', { orchestrator: 'default', artifact_store: 'default' });
    await api.renameStack('spare', 'spare2');
    assert.ok((await api.stacks()).stacks.some((s) => s.name === 'spare2'));
    await api.deleteStack('spare2');
    assert.deepEqual((await api.stacks()).stacks.map((s) => s.name), ['default', 'other']);
    await assert.rejects(api.deleteStack('other'), /active/i);
    await api.setActiveStack('default');
  });

  test('Pipelines: runs nested newest first with status icons; DAG with one element per step', async () => {
    const first = await diamond.withOptions({ runName: 'diamond-1' })();
    const second = await diamond.withOptions({ runName: 'diamond-2' })();
    assert.equal(second.status, 'completed');
    const views = await api.pipelines(50);
    const nodes = pipelineTree(views);
    assert.equal(nodes.length, 1);
    assert.equal(nodes[0]!.label, 'diamond');
    assert.equal(nodes[0]!.description, '2 runs');
    assert.deepEqual(nodes[0]!.children!.map((n) => n.label), ['diamond-2', 'diamond-1']);
    assert.deepEqual(nodes[0]!.children!.map((n) => n.icon?.id), ['pass', 'pass']);
    assert.deepEqual(nodes[0]!.children![1]!.command?.arguments, [first.id]);
    assert.equal(hasActiveRuns(views), false);

    const dag = await api.runDag(second.id);
    assert.deepEqual(dag.steps.map((s) => [s.id, s.status, s.upstream.sort()]), [
      ['load', 'completed', []],
      ['double', 'completed', ['load']],
      ['double_again', 'completed', ['load']],
      ['total', 'completed', ['double', 'double_again']],
    ]);
    const html = dagHtml(dag, 'n0nce');
    assert.equal([...html.matchAll(/data-step-id="([^"]+)" data-status="completed"/g)].length, 4);
    assert.equal([...html.matchAll(/class="edge"/g)].length, 4);
    assert.match(html, /default-src 'none'/);

    await api.deletePipelineRun(first.id);
    assert.deepEqual(pipelineTree(await api.pipelines(50))[0]!.children!.map((n) => n.label), ['diamond-2']);
  });

  test('Server and Models', async () => {
    const server = serverTree(await api.server());
    assert.equal(server[0]!.label, 'Local store');
    assert.match(server[0]!.description ?? '', /sqlite/);
    assert.equal(server[2]!.description, JSON.parse((await import('node:fs')).readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
    await client.createModel({ name: 'scorer' });
    await client.createModelVersion('scorer');
    await client.createModelVersion('scorer');
    await client.updateModelVersion('scorer', 2, { stage: 'production' });
    const models = modelTree(await api.models());
    assert.equal(models[0]!.label, 'scorer');
    assert.deepEqual(models[0]!.children!.map((v) => [v.label, v.description]), [['v2', 'production'], ['v1', 'none']]);
  });

  test('the worker process: loads zenml, answers over IPC and sees a `zenml stack set` from a terminal', async () => {
    const found = findZenml(undefined, [box.sandbox.cwd]);
    assert.ok('path' in found, 'finds the workspace node_modules/zenml');
    const worker = new WorkerBackend({ workerScript: join(REPO_ROOT, 'vscode', 'dist', 'worker.mjs'), zenmlPath: found.path, cwd: box.sandbox.cwd, env: box.sandbox.env, nodePath: process.execPath });
    try {
      assert.equal((await worker.ready()).zenmlPath, found.path);
      assert.equal((await worker.api.stacks()).activeStack, 'default');
      assert.equal((await runCli(['stack', 'set', 'other'], { sandbox: box.sandbox })).code, 0);
      assert.equal((await worker.api.stacks()).activeStack, 'other');
      await worker.api.setActiveStack('default');
      assert.equal((await runCli(['status', '--json'], { sandbox: box.sandbox })).json().activeStack.name, 'default');
      await assert.rejects(worker.api.setActiveStack('nope'), /nope/);
    } finally {
      worker.dispose();
    }
  });

  test('a missing zenml is a clear problem, not a crash', () => {
    const found = findZenml(undefined, [box.sandbox.dir]);
    assert.ok('problem' in found && /npm install zenml/.test(found.problem));
    const wrong = findZenml('/nonexistent', []);
    assert.ok('problem' in wrong && /zenml\.path/.test(wrong.problem));
  });
});
