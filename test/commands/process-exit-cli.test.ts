// Code zenml runs but did not write (a pipeline file, a plugin's hook) cannot keep a command
// alive after its work is done, end it in silence with process.exit, or leave it waiting on a
// top-level await that never settles (Node's silent exit 13): each ends with one line naming
// the file or plugin and a non-zero exit.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSandbox, REPO_ROOT, runCli, type Sandbox } from '../helpers/sandbox.js';

const PIPELINE = `
import { step, pipeline } from 'zenml';
const one = step({ name: 'one' }, () => 1);
export const sloppy = pipeline({ name: 'sloppy' }, () => { one(); });
if (process.env.PIPELINE_MODE === 'timer') setInterval(() => {}, 1000);
if (process.env.PIPELINE_MODE === 'tla') await new Promise(() => {});
`;

// A plugin that misbehaves as SLOPPY_MODE says: at import, or in its zenml:flavors hook.
const HOOK = `
const mode = process.env.SLOPPY_MODE;
if (mode === 'tla') await new Promise(() => {});
export default async function flavors() {
  if (mode === 'timer') setInterval(() => {}, 1000);
  if (mode === 'exit') process.exit(0);
  return [{ name: 'sloppy', type: 'orchestrator', description: 'Test fixture.', configSchema: { type: 'object', properties: {} }, load: async () => { throw new Error('unused'); } }];
}
`;

/** A command that hangs is killed at this point and shows as a failure, not a hang of the suite. */
const HANG_MS = 30_000;

describe('commands end when their work is done, and say who ended them early', () => {
  let sandbox: Sandbox;
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { sandbox, env, timeoutMs: HANG_MS });
  const runsOf = async () => (await cli(['pipeline', 'runs', 'list', '--pipeline', 'sloppy', '--json'])).json().items as unknown[];

  before(async () => {
    sandbox = createSandbox('zenml-exit-');
    sandbox.write('sloppy.ts', PIPELINE);
    const plugin = join(sandbox.dir, 'sloppy-plugin');
    mkdirSync(join(plugin, 'lib'), { recursive: true });
    mkdirSync(join(plugin, 'node_modules'));
    symlinkSync(REPO_ROOT, join(plugin, 'node_modules', 'zenml'), 'dir');
    writeFileSync(join(plugin, 'lib', 'flavors.js'), HOOK);
    writeFileSync(
      join(plugin, 'package.json'),
      JSON.stringify({ name: 'zenml-flavor-sloppy', version: '1.0.0', type: 'module', oclif: { hooks: { 'zenml:flavors': './lib/flavors.js' } }, peerDependencies: { zenml: '*' } }),
    );
    const linked = await cli(['plugins', 'link', plugin]);
    assert.equal(linked.code, 0, linked.stderr);
  });
  after(() => sandbox?.cleanup());

  test('a pipeline file that leaves a timer running: `pipeline run` still exits when the run completed', async () => {
    const started = Date.now();
    const result = await cli(['pipeline', 'run', 'sloppy.ts', '--json'], { PIPELINE_MODE: 'timer' });
    assert.equal(result.code, 0, `exit ${result.code} after ${Date.now() - started} ms: ${result.stderr}`);
    assert.equal(result.json().status, 'completed');
  });

  test("a plugin's hook that calls process.exit(0): exit 1 and one line naming the plugin, no run", async () => {
    const before = (await runsOf()).length;
    const result = await cli(['pipeline', 'run', 'sloppy.ts'], { SLOPPY_MODE: 'exit' });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^Error: plugin zenml-flavor-sloppy \(its zenml:flavors hook\) called process\.exit\(0\); zenml stopped without finishing\.$/m);
    assert.equal((await runsOf()).length, before);
  });

  for (const [what, env, named] of [
    ['a plugin', { SLOPPY_MODE: 'tla' }, /^Error: plugin zenml-flavor-sloppy \(its zenml:flavors hook\) never finished \(a top-level await or promise that never settles\); zenml stopped without finishing\.$/m],
    ['a pipeline file', { PIPELINE_MODE: 'tla' }, /^Error: pipeline file sloppy\.ts never finished \(a top-level await or promise that never settles\); zenml stopped without finishing\.$/m],
  ] as const) {
    test(`a top-level await in ${what} that never settles: exit 1 (not a silent 13) and one line naming it`, async () => {
      const result = await cli(['pipeline', 'run', 'sloppy.ts'], env);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, named);
    });
  }

  test('`plugins uninstall` of a plugin whose hook left a timer running exits when done', async () => {
    const result = await cli(['plugins', 'uninstall', 'zenml-flavor-sloppy'], { SLOPPY_MODE: 'timer' });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Uninstalled zenml-flavor-sloppy/);
  });
});
