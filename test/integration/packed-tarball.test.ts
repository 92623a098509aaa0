// zenml installed into someone else's project from the tarball `npm pack` writes (issue 9):
// the built-in flavor plugins travel inside it (bundleDependencies), and a pipeline runs both
// through `npx zenml pipeline run` and from the user's own program under `node --import tsx`.
// The README's "Use zenml in your own project" section is run here too, in the same installed
// project (one pack and one install for both suites), so it cannot drift from what works.
import assert from 'node:assert/strict';
import { existsSync, lstatSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createPackedConsumer, type CommandResult, type PackedConsumer } from '../helpers/packed-consumer.js';
import { namedTsFiles, ownProjectSection } from '../helpers/readme-section.js';
import { createSandbox, type Sandbox } from '../helpers/sandbox.js';

const PIPELINE = `import { pipeline, step } from 'zenml';

const make = step({ name: 'make' }, () => 'installed');
const shout = step({ name: 'shout' }, ({ word }: { word: string }) => word.toUpperCase());

export const packed = pipeline({ name: 'packed_consumer' }, () => {
  shout({ word: make() });
});
`;

const MAIN = `import { Client } from 'zenml';
import { packed } from './p.js';

const run = await packed();
const shouted = await (await new Client().getArtifactVersion('packed_consumer::shout::output')).load();
console.log(JSON.stringify({ name: run.name, status: run.status, shouted }));
`;

const CONFIG_KEYS = ['ZENML_CONFIG_DIR', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'ZENML_DATA_DIR', 'ZENML_CACHE_DIR'] as const;

function ok(result: CommandResult, what: string): CommandResult {
  assert.equal(result.code, 0, `${what} exited ${result.code}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  return result;
}

interface RunList {
  items: Array<{ name: string; pipelineName: string; status: string }>;
  total: number;
}

describe('zenml installed from its packed tarball into an empty ESM project', () => {
  let sandbox: Sandbox;
  let consumer: PackedConsumer;

  before(async () => {
    sandbox = createSandbox('zenml-packed-');
    consumer = await createPackedConsumer(sandbox);
  });
  after(() => sandbox?.cleanup());

  describe('the package', () => {
    test('the tarball carries the built-in flavor plugins: package.json and built dist/, no sources', (t) => {
      t.diagnostic(`npm pack ${consumer.timings.pack} ms, npm install <tarball> ${consumer.timings.install} ms, npm install -D tsx ${consumer.timings.installTsx} ms`);
      for (const plugin of ['flavor-local', 'orchestrator-local-process']) {
        const prefix = `node_modules/@zenml/${plugin}/`;
        assert.ok(consumer.files.includes(`${prefix}package.json`), `${prefix}package.json is packed`);
        assert.ok(consumer.files.includes(`${prefix}dist/flavors.js`), `${prefix}dist/flavors.js is packed`);
        assert.deepEqual(consumer.files.filter((file) => file.startsWith(`${prefix}src/`) || file.startsWith(`${prefix}test/`)), []);
        const installed = join(consumer.dir, 'node_modules', 'zenml', prefix);
        assert.ok(!lstatSync(installed.replace(/\/$/, '')).isSymbolicLink(), `${prefix} is installed as files, not a link`);
        assert.ok(existsSync(join(installed, 'dist', 'flavors.js')));
      }
      for (const file of ['dist/index.js', 'bin/run.js', 'oclif.manifest.json']) assert.ok(consumer.files.includes(file), file);
      assert.deepEqual(consumer.files.filter((file) => file.startsWith('src/') || file.startsWith('plugins/')), []);
    });

    test('npx zenml pipeline run p.ts completes a run', async () => {
      consumer.write('p.ts', PIPELINE);
      const result = ok(await consumer.exec('npx', ['zenml', 'pipeline', 'run', 'p.ts', '--json']), 'npx zenml pipeline run p.ts');
      const run = JSON.parse(result.stdout) as { status: string; steps: Record<string, { status: string }> };
      assert.equal(run.status, 'completed');
      assert.deepEqual(Object.keys(run.steps).sort(), ['make', 'shout']);
    });

    test('node --import tsx runs a program that imports the pipeline and calls it', async () => {
      consumer.write('call-p.ts', MAIN);
      const result = ok(await consumer.exec('node', ['--import', 'tsx', 'call-p.ts']), 'node --import tsx call-p.ts');
      const printed = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { status: string; shouted: string };
      assert.equal(printed.status, 'completed');
      assert.equal(printed.shouted, 'INSTALLED');
    });

    test('the bundled local_process orchestrator runs a pipeline in child processes', async () => {
      ok(await consumer.exec('npx', ['zenml', 'orchestrator', 'register', 'lp', '--flavor', 'local_process']), 'orchestrator register');
      ok(await consumer.exec('npx', ['zenml', 'stack', 'register', 'lps', '-o', 'lp', '-a', 'default']), 'stack register');
      const result = ok(await consumer.exec('npx', ['zenml', 'pipeline', 'run', 'p.ts', '--stack', 'lps', '--no-cache', '--json']), 'run on local_process');
      assert.equal((JSON.parse(result.stdout) as { status: string }).status, 'completed');
    });

    test('npx zenml pipeline runs list --json shows the three runs, completed', async () => {
      const result = ok(await consumer.exec('npx', ['zenml', 'pipeline', 'runs', 'list', '--json']), 'runs list');
      const list = JSON.parse(result.stdout) as RunList;
      assert.equal(list.total, 3);
      for (const run of list.items) {
        assert.equal(run.pipelineName, 'packed_consumer');
        assert.equal(run.status, 'completed', run.name);
      }
    });
  });

  describe('README: "Use zenml in your own project"', () => {
    const section = ownProjectSection();
    const files = namedTsFiles(section.text);
    // A store of its own, apart from the suite above.
    let readmeConfig: Sandbox;
    let configEnv: NodeJS.ProcessEnv;
    before(() => {
      readmeConfig = createSandbox('zenml-readme-');
      configEnv = Object.fromEntries(CONFIG_KEYS.map((key) => [key, readmeConfig.env[key]]));
      for (const [name, code] of files) consumer.write(name, code);
    });
    after(() => readmeConfig?.cleanup());

    test('names its files pipeline.ts and main.ts and shows the two commands that run them', (t) => {
      t.diagnostic(`section read from ${section.source}`);
      assert.deepEqual([...files.keys()].sort(), ['main.ts', 'pipeline.ts']);
      assert.match(section.text, /^npx zenml pipeline run pipeline\.ts\b/m);
      assert.match(section.text, /^node --import tsx main\.ts\b/m);
      assert.match(section.text, /^npm install --save-dev tsx\b/m);
    });

    test('npx zenml pipeline run pipeline.ts completes a run', async () => {
      const result = ok(await consumer.exec('npx', ['zenml', 'pipeline', 'run', 'pipeline.ts'], configEnv), 'npx zenml pipeline run pipeline.ts');
      assert.match(result.stdout + result.stderr, /Run \S+ completed\./);
    });

    test('node --import tsx main.ts exits 0 (the run list below shows its run)', async () => {
      ok(await consumer.exec('node', ['--import', 'tsx', 'main.ts'], configEnv), 'node --import tsx main.ts');
    });

    test('both runs are recorded, completed', async () => {
      const result = ok(await consumer.exec('npx', ['zenml', 'pipeline', 'runs', 'list', '--json'], configEnv), 'runs list');
      const list = JSON.parse(result.stdout) as RunList;
      assert.equal(list.total, 2);
      for (const run of list.items) assert.equal(run.status, 'completed', run.name);
    });
  });
});
