import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSandbox, REPO_ROOT, runCli, type Sandbox } from '../helpers/sandbox.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');

/** Packs a fixture plugin into a tarball the way a plugin author publishes it. */
function pack(sandbox: Sandbox, fixture: string): string {
  const folder = join(sandbox.dir, 'src', fixture);
  cpSync(join(FIXTURES, fixture), folder, { recursive: true });
  const out = join(sandbox.dir, 'tarballs');
  mkdirSync(out, { recursive: true });
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: folder, env: sandbox.env, encoding: 'utf8' }).trim().split('\n').at(-1)!;
  return join(out, name);
}

const QUICKSTART = `
import { step, pipeline } from 'zenml';
const load = step({ name: 'load' }, async () => [3, 1, 2]);
const sort = step({ name: 'sort' }, ({ xs }: { xs: number[] }) => [...xs].sort((a, b) => a - b));
export const quick = pipeline({ name: 'quick' }, () => { sort({ xs: load() }); });
`;

// The "Done when": a second stack with a flavor from a plugin installed from a
// tarball, one command to switch, a run on it, and back; all through the real CLI.
describe('flavor plugins through zenml plugins install|link|uninstall|list', () => {
  let sandbox: Sandbox;
  let marker: string;
  const cli = (...args: string[]) => runCli(args, { sandbox, env: { ZENML_TEST_DEMO_MARKER: marker } });

  before(() => {
    sandbox = createSandbox();
    marker = join(sandbox.dir, 'demo-runs.txt');
    sandbox.write('quick.ts', QUICKSTART);
  });
  after(() => sandbox.cleanup());

  test('install from a tarball; the flavors show at once in flavor list and plugins list', async () => {
    const tarball = pack(sandbox, 'flavor-plugin-demo');
    const installed = await cli('plugins', 'install', `file:${tarball}`, '--json');
    assert.equal(installed.code, 0, installed.stderr);
    assert.deepEqual(installed.json().added.map((p: { name: string; flavors: string[] }) => [p.name, p.flavors]), [['zenml-flavor-demo', ['orchestrator/demo', 'orchestrator/remote_demo']]]);
    assert.ok(existsSync(join(sandbox.env.ZENML_DATA_DIR!, 'node_modules', 'zenml-flavor-demo')), 'installed into the sandbox data dir');

    const flavors = (await cli('orchestrator', 'flavor', 'list', '--json')).json();
    const demo = flavors.items.find((f: { name: string }) => f.name === 'demo');
    assert.equal(demo.plugin, 'zenml-flavor-demo');
    const keys = (await cli('orchestrator', 'flavor', 'describe', 'demo', '--json')).json().keys;
    assert.deepEqual(keys.find((k: { key: string }) => k.key === 'label').required, true);
    const plugins = (await cli('plugins', 'list', '--json')).json();
    assert.deepEqual(plugins.items.map((p: { name: string }) => p.name).sort(), ['@zenml/alerter-webhook', '@zenml/artifact-store-s3', '@zenml/docker', '@zenml/flavor-local', '@zenml/orchestrator-bullmq', '@zenml/orchestrator-local-process', 'zenml-flavor-demo']);
  });

  test('register a component of the plugin flavor, a stack with it, switch, run, switch back', async () => {
    const missing = await cli('orchestrator', 'register', 'demo_orch', '--flavor', 'demo');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Missing required config key 'label' .* Pass --label=<value>/);
    const component = await cli('orchestrator', 'register', 'demo_orch', '--flavor', 'demo', '--label=second-stack', '--json');
    assert.equal(component.code, 0, component.stderr);
    assert.equal((await cli('stack', 'register', 'second', '-o', 'demo_orch', '-a', 'default', '--json')).code, 0);

    const set = (await cli('stack', 'set', 'second', '--json')).json();
    assert.equal(set.name, 'second');
    const status = (await cli('status', '--json')).json();
    assert.deepEqual([status.activeStack.name, status.activeStack.source], ['second', 'global config']);

    const run = await cli('pipeline', 'run', 'quick.ts', '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json().status, 'completed');
    assert.match(readFileSync(marker, 'utf8'), new RegExp(`^second-stack:${run.json().name}$`, 'm'), 'the plugin orchestrator ran it');

    // A pipeline script run with plain node/tsx (not the CLI) sees the installed plugin too.
    const script = sandbox.write('script.ts', `import { quick } from './quick.ts';\nconst run = await quick();\nconsole.log(JSON.stringify({ status: run.status, name: run.name }));\n`);
    const out = JSON.parse(execFileSync(process.execPath, ['--import', import.meta.resolve('tsx'), script], { cwd: sandbox.cwd, env: { ...sandbox.env, ZENML_TEST_DEMO_MARKER: marker }, encoding: 'utf8' }).trim().split('\n').at(-1)!);
    assert.equal(out.status, 'completed');
    assert.match(readFileSync(marker, 'utf8'), new RegExp(`^second-stack:${out.name}$`, 'm'));

    assert.equal((await cli('stack', 'set', 'default')).code, 0);
    const back = await cli('pipeline', 'run', 'quick.ts', '--json');
    assert.equal(back.json().status, 'completed');
    assert.doesNotMatch(readFileSync(marker, 'utf8'), new RegExp(back.json().name), 'the default stack ran it');
  });

  test("a flavor whose load() throws fails the run with one line naming the plugin and flavor", async () => {
    const run = await runCli(['pipeline', 'run', 'quick.ts', '--stack', 'second'], { sandbox, env: { ZENML_TEST_DEMO_PLUGIN: 'load-throws' } });
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stderr, /^Error: Plugin zenml-flavor-demo \(orchestrator flavor 'demo'\) failed to load: Cannot find package 'demo-sdk' Reinstall or update the plugin/m);
    assert.ok(!run.stderr.includes('imported from'), 'only the first line of the plugin error');
    assert.equal((await cli('stack', 'get', '--json')).json().name, 'default');
  });

  test('a flavor validator refuses a stack it cannot work in', async () => {
    assert.equal((await cli('orchestrator', 'register', 'remote', '--flavor', 'remote_demo')).code, 0);
    const register = await cli('stack', 'register', 'remote_stack', '-o', 'remote', '-a', 'default', '--set');
    assert.equal(register.code, 1);
    assert.match(register.stderr, /^Error: Stack 'remote_stack' is not valid: the remote_demo orchestrator cannot use a local artifact store\.\n$/);
    assert.notEqual((await cli('stack', 'describe', 'remote_stack')).code, 0, 'the refused stack was not written');
    assert.equal((await cli('stack', 'get', '--json')).json().name, 'default');
    // A valid stack changed into an invalid one is refused the same way, and keeps its components.
    assert.equal((await cli('artifact-store', 'register', 'bucket', '--flavor', 's3', '--path', 's3://bucket/zenml')).code, 0);
    assert.equal((await cli('stack', 'register', 'remote_stack', '-o', 'remote', '-a', 'bucket')).code, 0);
    const update = await cli('stack', 'update', 'remote_stack', '-a', 'default');
    assert.equal(update.code, 1);
    assert.match(update.stderr, /^Error: Stack 'remote_stack' is not valid: the remote_demo orchestrator cannot use a local artifact store\.\n$/);
    assert.equal((await cli('stack', 'describe', 'remote_stack', '--json')).json().components.artifact_store.name, 'bucket');
  });

  test('a plugin that breaks is reported by name and breaks nothing else', async () => {
    const thrown = await runCli(['orchestrator', 'flavor', 'list', '--json'], { sandbox, env: { ZENML_TEST_DEMO_PLUGIN: 'throw' } });
    assert.equal(thrown.code, 0);
    assert.deepEqual(thrown.json().items.map((f: { name: string }) => f.name).sort(), ['bullmq', 'local', 'local_docker', 'local_process']);
    assert.match(thrown.stderr, /zenml-flavor-demo.*demo hook exploded/s);
    const badDescriptor = await runCli(['plugins', 'list', '--json'], { sandbox, env: { ZENML_TEST_DEMO_PLUGIN: 'bad-descriptor' } });
    const demo = badDescriptor.json().items.find((p: { name: string }) => p.name === 'zenml-flavor-demo');
    assert.deepEqual(demo.flavors, ['orchestrator/demo', 'orchestrator/remote_demo']);
    assert.match(demo.problems[0], /invalid flavor descriptor 'orchestrator\/Not A Name'/);
    const run = await runCli(['pipeline', 'run', 'quick.ts', '--json'], { sandbox, env: { ZENML_TEST_DEMO_PLUGIN: 'throw' } });
    assert.equal(run.json().status, 'completed', 'the default stack still runs');
  });

  test('link refuses a broken plugin and one that is not a flavor plugin, changing nothing', async () => {
    for (const [fixture, message] of [
      ['not-a-flavor-plugin', /not a zenml flavor plugin: its package.json declares no oclif.hooks\["zenml:flavors"\]/],
      ['flavor-plugin-broken', /zenml-flavor-broken provides no usable flavor: its zenml:flavors hook failed: this plugin is broken on purpose/],
    ] as const) {
      const folder = join(sandbox.dir, 'link', fixture);
      cpSync(join(FIXTURES, fixture), folder, { recursive: true });
      const linked = await cli('plugins', 'link', folder, '--json');
      assert.equal(linked.code, 2, linked.stdout);
      assert.match(linked.json().error.message, message);
    }
    const plugins = (await cli('plugins', 'list', '--json')).json().items.map((p: { name: string }) => p.name);
    assert.ok(!plugins.includes('zenml-not-a-flavor') && !plugins.includes('zenml-flavor-broken'));
  });

  test('link refuses a plugin whose config schema has a bad $ref or pattern, in one line, even beside a valid flavor', async () => {
    const folder = join(sandbox.dir, 'link', 'flavor-plugin-bad-schema');
    cpSync(join(FIXTURES, 'flavor-plugin-bad-schema'), folder, { recursive: true });
    for (const [kind, message] of [
      ['ref', /can't resolve reference #\/definitions\/nowhere/],
      ['pattern', /Invalid regular expression: \/\(\[a-z\/u: Unterminated character class/],
    ] as const) {
      const linked = await runCli(['plugins', 'link', folder], { sandbox, env: { ZENML_TEST_BAD_SCHEMA: kind } });
      assert.equal(linked.code, 2, linked.stdout);
      // Above it, @oclif/plugin-plugins' own progress lines ("Linking plugin... done").
      const errors = linked.stderr.split('\n').filter((line) => line.startsWith('Error:'));
      assert.equal(errors.length, 1, linked.stderr);
      assert.match(errors[0], /^Error: Refused plugin zenml-flavor-bad-schema: zenml-flavor-bad-schema has a flavor zenml cannot use: its flavor descriptor 'orchestrator\/broken_schema' has a configSchema that cannot be compiled: .* It was removed again; nothing changed\.$/);
      assert.match(errors[0], message);
    }
    const plugins = (await cli('plugins', 'list', '--json')).json().items.map((p: { name: string }) => p.name);
    assert.ok(!plugins.includes('zenml-flavor-bad-schema'), 'nothing changed');
  });

  test('link a plugin folder for development; uninstall removes it and names orphaned components', async () => {
    const folder = join(sandbox.dir, 'dev', 'flavor-plugin-demo');
    cpSync(join(FIXTURES, 'flavor-plugin-demo'), folder, { recursive: true });
    const uninstalled = await cli('plugins', 'uninstall', 'zenml-flavor-demo', '--json');
    assert.equal(uninstalled.code, 0, uninstalled.stderr);
    assert.deepEqual(uninstalled.json().orphanedComponents.map((c: { name: string }) => c.name).sort(), ['demo_orch', 'remote']);
    const gone = await cli('stack', 'set', 'second');
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /flavor 'demo', which no installed plugin provides/);

    // A linked folder needs its own node_modules with zenml in it.
    mkdirSync(join(folder, 'node_modules'));
    symlinkSync(REPO_ROOT, join(folder, 'node_modules', 'zenml'), 'dir');
    const linked = await cli('plugins', 'link', folder, '--json');
    assert.equal(linked.code, 0, linked.stderr);
    assert.equal(linked.json().added[0].type, 'link');
    const listed = await cli('orchestrator', 'flavor', 'list');
    assert.match(listed.stdout, /demo/);
    assert.equal(listed.stderr, '', 'a linked plugin adds no warning to every command');
    assert.equal((await cli('stack', 'set', 'second')).code, 0);
    assert.equal((await cli('pipeline', 'run', 'quick.ts', '--json')).json().status, 'completed');
    assert.equal((await cli('stack', 'set', 'default')).code, 0);
    const core = await cli('plugins', 'uninstall', '@zenml/flavor-local');
    assert.equal(core.code, 2);
    assert.match(core.stderr, /bundled with zenml/);
  });
});
