import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chainPipelineScript, runNodeScript } from '../helpers/chain-pipeline.js';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const PROCESSES = 8;
const STEPS = 50;

const CHAIN = chainPipelineScript(STEPS);

const SAVER = `
import { saveArtifact } from 'zenml';
const numbers = [];
for (let i = 0; i < Number(process.env.COUNT); i++) numbers.push((await saveArtifact({ writer: process.env.WRITER, i }, 'shared')).version);
console.log(JSON.stringify(numbers));
`;

describe('concurrency: many processes against one SQLite store', () => {
  let sandbox: Sandbox;

  before(async () => {
    sandbox = createSandbox('zenml-conc-');
    sandbox.write('chain.mjs', CHAIN);
    sandbox.write('saver.mjs', SAVER);
    // The store exists before the load starts, as it does for any user past their first command.
    const status = await runCli(['pipeline', 'runs', 'list', '--json'], { sandbox });
    assert.equal(status.code, 0, status.stderr);
  });

  after(async () => {
    const { closeZenContexts } = await import('../../src/context/zen-context.js');
    await closeZenContexts();
    sandbox?.cleanup();
  });

  test(`${PROCESSES} processes each run a ${STEPS}-step pipeline: no errors, no lost rows, complete lineage`, async (t) => {
    const { Client } = await import('../../src/index.js');
    const client = new Client(sandbox.env);
    const runs = Array.from({ length: PROCESSES }, (_, i) => runNodeScript(sandbox, 'chain.mjs', { SEED: String(i + 1) }));
    // Ask for the run list while the load is on: once a run is under way, not after a guessed delay.
    for (let waited = 0; (await client.listPipelineRuns({ status: 'running', size: 1 })).total === 0; waited += 50) {
      assert.ok(waited < 60_000, 'no run started within a minute');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const started = Date.now();
    const list = await runCli(['pipeline', 'runs', 'list', '--json'], { sandbox });
    const listMs = Date.now() - started;
    const listEnded = Date.now();
    const results = await Promise.all(runs);
    for (const [i, result] of results.entries()) assert.equal(result.code, 0, `process ${i + 1}: ${result.stderr}`);
    assert.equal(list.code, 0, list.stderr);
    // The list really ran under load: it saw a run in progress, and a run went on after it returned.
    const listed = list.json().items as Array<{ status: string }>;
    assert.ok(listed.some((run) => run.status === 'running'), `the list saw no running run: ${listed.map((run) => run.status).join(',')}`);
    const finished = (await client.listPipelineRuns({ pipeline: 'chain', size: 100 })).items;
    assert.ok(finished.some((run) => Date.parse(run.ended!) > listEnded), 'every run had ended before the list returned');
    t.diagnostic(`zenml pipeline runs list under load: ${listMs} ms`);
    // Generous (the machine running the tests is shared and small): the figure itself is
    // tracked against the unloaded time by bench/scenarios/concurrency-runs.bench.ts.
    assert.ok(listMs < 15_000, `runs list under load took ${listMs} ms`);

    const page = await client.listPipelineRuns({ pipeline: 'chain', size: 100 });
    assert.equal(page.total, PROCESSES);
    for (let p = 1; p <= PROCESSES; p++) {
      const run = await client.getPipelineRun(`chain-${p}`);
      assert.equal(run.status, 'completed');
      const steps = Object.values(run.steps);
      assert.equal(steps.length, STEPS, `run ${p} has every step run`);
      assert.ok(steps.every((s) => s.status === 'completed'));
      for (let i = 1; i < STEPS; i++) {
        const upstream = run.steps[`s${i - 1}`].outputs.output.id;
        assert.equal(run.steps[`s${i}`].stepRun.inputs.x, upstream, `run ${p}: s${i} consumed s${i - 1}'s output`);
        assert.equal(run.steps[`s${i}`].outputs.output.producerRunId, run.id);
      }
      assert.equal(await run.steps[`s${STEPS - 1}`].outputs.output.load(), p * 1000 + STEPS - 1);
    }
    for (const i of [0, 17, STEPS - 1]) {
      const versions = await client.listArtifactVersions({ name: `chain::s${i}::output`, size: 100 });
      assert.equal(versions.total, PROCESSES);
      assert.deepEqual(versions.items.map((v) => Number(v.version)).sort((a, b) => a - b), Array.from({ length: PROCESSES }, (_, k) => k + 1), `versions of s${i} are 1..${PROCESSES}`);
    }
    assert.equal((await client.listArtifactVersions({ size: 1 })).total, PROCESSES * STEPS, 'every output version is registered');
  });

  test('keyset pages walk every run once, and the kept totals match the rows', async () => {
    const { Client } = await import('../../src/index.js');
    const client = new Client(sandbox.env);
    const seen: string[] = [];
    let page = await client.listPipelineRuns({ pipeline: 'chain', size: 3 });
    seen.push(...page.items.map((r) => r.name));
    while (page.next) {
      page = await client.listPipelineRuns({ pipeline: 'chain', size: 3, after: page.next });
      seen.push(...page.items.map((r) => r.name));
    }
    assert.deepEqual([...seen].sort(), Array.from({ length: PROCESSES }, (_, i) => `chain-${i + 1}`).sort());
    const offsetPage = await client.listPipelineRuns({ pipeline: 'chain', size: 3, page: 2 });
    assert.deepEqual(offsetPage.items.map((r) => r.name), seen.slice(3, 6), 'page numbers and cursors agree');

    const removed = await runCli(['pipeline', 'runs', 'delete', `chain-${PROCESSES}`, '-y'], { sandbox });
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal((await client.listPipelineRuns({ pipeline: 'chain', size: 1 })).total, PROCESSES - 1);
    assert.equal((await client.listPipelineRuns({ status: 'completed', size: 1 })).total, PROCESSES - 1, 'a deleted run leaves the status total too');
  });

  test('2 processes writing versions of the same artifact name: unique, gap-free versions', async () => {
    const count = 60;
    const [a, b] = await Promise.all(['a', 'b'].map((writer) => runNodeScript(sandbox, 'saver.mjs', { WRITER: writer, COUNT: String(count) })));
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const mine = [JSON.parse(a.stdout) as number[], JSON.parse(b.stdout) as number[]];
    for (const numbers of mine) assert.deepEqual(numbers, [...numbers].sort((x, y) => x - y), 'each writer sees its versions increase');
    const all = [...mine[0], ...mine[1]].sort((x, y) => x - y);
    assert.deepEqual(all, Array.from({ length: 2 * count }, (_, k) => k + 1));
    const { Client } = await import('../../src/index.js');
    const versions = await new Client(sandbox.env).listArtifactVersions({ name: 'shared', size: 1000 });
    assert.equal(versions.total, 2 * count);
    for (const version of versions.items) {
      const value = await version.load();
      assert.equal(mine[value.writer === 'a' ? 0 : 1][value.i], version.version, 'each number belongs to the value written under it');
    }
  });
});
