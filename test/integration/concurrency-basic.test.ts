// Several processes running pipelines against one fresh store at once: no "database is locked",
// unique run names, and artifact versions that are unique and gap-free.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { closeZenContexts, getZenContext } from '../../src/context/zen-context.js';
import { Client } from '../../src/index.js';
import { REPO_ROOT, createSandbox, useSandboxEnv, type Sandbox } from '../helpers/sandbox.js';
import { TEMP_DIR } from '../../src/artifacts/write.js';
import { tempFolderEntries } from './sdk-sandbox.js';

const PROCESSES = 4;
const RUNS_EACH = 10;

// Imports the SDK from src (not dist) so the test covers the code as it is now.
const script = (sdk: string) => `
import { pipeline, saveArtifact, step } from ${JSON.stringify(sdk)};

const produce = step({ name: 'produce', enableCache: false, artifacts: { output: { name: 'shared_counter' } } }, ({ worker, i }) => ({ worker, i }));
const consume = step({ name: 'consume', enableCache: false }, ({ value }) => value.i);
const busy = pipeline({ name: 'busy' }, ({ worker, i }) => {
  consume({ value: produce({ worker, i }) });
});

const worker = Number(process.argv[2]);
for (let i = 0; i < ${RUNS_EACH}; i++) {
  const run = await busy({ worker, i });
  if (run.status !== 'completed') throw new Error('run ' + run.name + ' ' + run.status + ': ' + run.error);
  await saveArtifact({ worker, i }, 'saved_shared');
}
console.log('done', worker);
`;

function runWorker(sandbox: Sandbox, file: string, worker: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // The sandbox has no node_modules/tsx of its own: load the repo's by URL.
    execFile(process.execPath, ['--import', import.meta.resolve('tsx'), file, String(worker)], { cwd: sandbox.cwd, env: sandbox.env, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('several processes on one store', () => {
  let sandbox: Sandbox;
  let restore: () => void;
  before(() => {
    sandbox = createSandbox('zenml-concurrency-');
    restore = useSandboxEnv(sandbox);
  });
  after(async () => {
    await closeZenContexts();
    restore();
    sandbox.cleanup();
  });

  test(`${PROCESSES} processes × ${RUNS_EACH} runs against a fresh store`, async () => {
    const file = sandbox.write('busy.mjs', script(pathToFileURL(join(REPO_ROOT, 'src', 'index.ts')).href));
    const results = await Promise.all(Array.from({ length: PROCESSES }, (_, worker) => runWorker(sandbox, file, worker)));
    for (const [worker, result] of results.entries()) {
      assert.equal(result.code, 0, `worker ${worker} failed:\n${result.stderr}`);
      assert.match(result.stdout, new RegExp(`done ${worker}`));
      assert.doesNotMatch(result.stderr, /locked|SQLITE_BUSY/);
    }

    const total = PROCESSES * RUNS_EACH;
    const gapFree = Array.from({ length: total }, (_, i) => i + 1);
    const client = new Client();
    for (const name of ['shared_counter', 'saved_shared', 'busy::consume::output']) {
      const versions = await client.listArtifactVersions({ name, size: 1000 });
      assert.equal(versions.total, total, name);
      assert.deepEqual(versions.items.map((v) => Number(v.version)).sort((a, b) => a - b), gapFree, `${name} versions`);
    }
    // Every version holds what its producer wrote: no two processes shared a version.
    const values = await Promise.all((await client.listArtifactVersions({ name: 'saved_shared', size: 1000 })).items.map((v) => v.load()));
    assert.equal(new Set(values.map((v) => `${v.worker}/${v.i}`)).size, total);

    const runs = await client.listPipelineRuns({ pipeline: 'busy', size: 1000 });
    assert.equal(runs.total, total);
    assert.ok(runs.items.every((run) => run.status === 'completed'));
    assert.equal(new Set(runs.items.map((run) => run.name)).size, total);
    // The default stack was created once, not once per process.
    const { store } = await getZenContext();
    assert.deepEqual((await store.listStacks()).items.map((s) => s.name), ['default']);

    const stack = await client.getActiveStack();
    const root = join(sandbox.configDir, 'local_stores', stack.components.artifact_store);
    assert.ok(existsSync(join(root, TEMP_DIR)), 'the runs wrote through the temp folder');
    assert.deepEqual(tempFolderEntries(root), [], 'temp folders left behind');
  });

  test('20 runs started at once in one process', async () => {
    const { pipeline, step } = await import('../../src/index.js');
    const emit = step({ name: 'emit', enableCache: false, artifacts: { output: { name: 'in_process_shared' } } }, async ({ i }: { i: number }) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return i;
    });
    const double = step({ name: 'double', enableCache: false }, ({ x }: { x: number }) => x * 2);
    const fanned = pipeline({ name: 'fanned' }, ({ i }: { i: number }) => {
      double({ x: emit({ i }) });
    });
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => fanned({ i })));
    for (const [i, run] of runs.entries()) {
      assert.equal(run.status, 'completed', run.error);
      assert.equal(await run.steps.double.outputs.output.load(), i * 2, 'a run read another run\'s artifact');
    }
    const versions = (await new Client().listArtifactVersions({ name: 'in_process_shared', size: 100 })).items.map((v) => Number(v.version));
    assert.deepEqual(versions.sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
    assert.equal(new Set(runs.map((run) => run.name)).size, 20);
  });
});
