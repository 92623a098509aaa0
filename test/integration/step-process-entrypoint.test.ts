// The step process local_process starts (dist/execution/step-process-entrypoint.js): the same
// arguments, output and exit codes as `zenml step-entrypoint`, without the CLI; and the flavors
// it gets from its driver's hook files are those the CLI finds by searching the plugins.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSandbox, REPO_ROOT, runCli, type Sandbox } from '../helpers/sandbox.js';

const ENTRY = join(REPO_ROOT, 'dist', 'execution', 'step-process-entrypoint.js');

const PIPELINE = `
import { pipeline, step } from 'zenml';
const make = step({ name: 'make', enableCache: false }, () => 41);
const use = step({ name: 'use', enableCache: false }, ({ n }) => n + 1);
export const numbers = pipeline({ name: 'numbers' }, () => { use({ n: make() }); });
`;

function node(sandbox: Sandbox, args: string[], env: NodeJS.ProcessEnv = {}, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, args, { cwd: sandbox.cwd, env: { ...sandbox.env, ZENML_DEBUG: '', ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

function oneLine(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `not one line:\n${text}`);
  return lines[0];
}

describe('the step process entrypoint', () => {
  let sandbox: Sandbox;
  let runId: string;
  let snapshotId: string;
  const cli = (...args: string[]) => runCli(args, { sandbox, env: { ZENML_DEBUG: '' } });

  before(async () => {
    sandbox = createSandbox('zenml-step-process-');
    sandbox.write('numbers.mjs', PIPELINE);
    const run = await cli('pipeline', 'run', 'numbers.mjs', '--json');
    assert.equal(run.code, 0, run.stderr);
    runId = run.json().id;
    snapshotId = (await cli('pipeline', 'runs', 'describe', runId, '--json')).json().snapshotId;
    assert.ok(snapshotId);
  });
  after(() => sandbox?.cleanup());

  test('a step that already completed is reported as such (exit 0), as the CLI does', async () => {
    const ids = ['--snapshot', snapshotId, '--run', runId, '--step', 'use'];
    const lean = await node(sandbox, [ENTRY, 'step-entrypoint', ...ids]);
    assert.equal(lean.code, 0, lean.stderr);
    assert.equal(lean.stdout, "Step 'use' completed.\n");
    const viaCli = await cli('step-entrypoint', ...ids);
    assert.equal(viaCli.stdout, lean.stdout);
  });

  test('--step-from-stdin: started before its step is known, it runs the step whose id arrives on stdin', async () => {
    const lean = await node(sandbox, [ENTRY, 'step-entrypoint', '--snapshot', snapshotId, '--run', runId, '--step-from-stdin'], {}, 'use\n');
    assert.equal(lean.code, 0, lean.stderr);
    assert.equal(lean.stdout, "Step 'use' completed.\n");
  });

  test('--step-from-stdin: stdin closed without a step id ends it (exit 0) having recorded nothing', async () => {
    const stepsBefore = (await cli('step', 'runs', 'list', '--run', runId, '--json')).stdout;
    const spare = await node(sandbox, [ENTRY, 'step-entrypoint', '--snapshot', snapshotId, '--run', runId, '--step-from-stdin']);
    assert.equal(spare.code, 0, spare.stderr);
    assert.equal(spare.stdout + spare.stderr, '');
    assert.equal((await cli('step', 'runs', 'list', '--run', runId, '--json')).stdout, stepsBefore, 'nothing recorded');
  });

  for (const [label, args, pattern] of [
    ['both --step and --step-from-stdin', ['--snapshot', 's', '--run', 'r', '--step', 'make', '--step-from-stdin'], /either --step or --step-from-stdin/],
    ['no flags', [], /Missing required flag --snapshot/],
    ['an unexpected argument', ['--snapshot', 's', '--run', 'r', '--step', 'make', 'extra'], /Unexpected argument: extra/],
    ['an unknown flag', ['--snapshot', 's', '--run', 'r', '--step', 'make', '--nope'], /Unknown option '--nope'/],
    ['an unknown snapshot id', ['--snapshot', '00000000-0000-4000-8000-00000000dead', '--run', 'RUN', '--step', 'make'], /snapshot.*--snapshot/],
    ['an unknown run id', ['--snapshot', 'SNAPSHOT', '--run', 'no-such-run', '--step', 'make'], /no-such-run.*--run/],
    ['a step the pipeline does not have', ['--snapshot', 'SNAPSHOT', '--run', 'RUN', '--step', 'nope'], /has no step 'nope'.*Steps: make, use/],
  ] as const) {
    test(`with ${label}: one line, exit 2, nothing run`, async () => {
      const filled = args.map((arg) => (arg === 'RUN' ? runId : arg === 'SNAPSHOT' ? snapshotId : arg));
      const stepsBefore = (await cli('step', 'runs', 'list', '--run', runId, '--json')).stdout;
      const result = await node(sandbox, [ENTRY, ...filled]);
      assert.equal(result.code, 2, `${result.stdout}\n${result.stderr}`);
      assert.match(oneLine(result.stderr), pattern);
      assert.equal((await cli('step', 'runs', 'list', '--run', runId, '--json')).stdout, stepsBefore, 'nothing recorded');
    });
  }

  test("the flavors read from the driver's hook files are the ones a plugin search finds", async () => {
    const list = `const { loadFlavorRegistry } = await import(${JSON.stringify(join(REPO_ROOT, 'dist', 'stack', 'flavor-registry.js'))});
      const registry = await loadFlavorRegistry();
      console.log(JSON.stringify({ flavors: registry.list().map((f) => [f.type, f.name, f.plugin]), problems: registry.problems, hookFiles: registry.hookFiles }));`;
    const searched = await node(sandbox, ['--input-type=module', '-e', list]);
    assert.equal(searched.code, 0, searched.stderr);
    const found = JSON.parse(searched.stdout) as { flavors: string[][]; problems: unknown[]; hookFiles: unknown[] };
    assert.ok(found.hookFiles.length >= 5, searched.stdout);
    assert.ok(found.flavors.some(([type, name]) => type === 'artifact_store' && name === 'local'));
    const handed = await node(sandbox, ['--input-type=module', '-e', list], { ZENML_FLAVOR_HOOK_FILES: JSON.stringify(found.hookFiles) });
    assert.equal(handed.code, 0, handed.stderr);
    assert.deepEqual(JSON.parse(handed.stdout), found);
    // Unreadable hand-over: the process searches, as it would without one.
    const garbled = await node(sandbox, ['--input-type=module', '-e', list], { ZENML_FLAVOR_HOOK_FILES: '{not json' });
    assert.deepEqual(JSON.parse(garbled.stdout), found);
  });
});
