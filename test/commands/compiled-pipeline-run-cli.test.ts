import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

// `zenml pipeline run` compiles a TypeScript pipeline file once into the config dir and
// reuses it: what it runs, how steps are cached and how errors read must be what tsx gave.
const HELPER = `export const factor: number = 2;\nexport function explode(): never {\n  throw new Error('exploded in the helper');\n}\n`;
const PIPELINE = `import { pipeline, step } from 'zenml';
import { explode, factor } from './lib/helper.js';

const scale = step({ name: 'scale' }, ({ x }: { x: number }) => x * factor);
const fail = step({ name: 'fail' }, () => {
  explode();
});
export const scaled = pipeline({ name: 'scaled' }, () => {
  scale({ x: 21 });
});
export const failing = pipeline({ name: 'failing' }, () => {
  fail();
});
`;

describe('pipeline run of a compiled TypeScript file', () => {
  let sandbox: Sandbox;
  let file: string;
  before(() => {
    sandbox = createSandbox();
    sandbox.write('lib/helper.ts', HELPER);
    file = sandbox.write('scaled.ts', PIPELINE);
  });
  after(() => sandbox.cleanup());

  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['pipeline', 'run', file, ...args, '--json'], { sandbox, env });
  const compiled = () => readdirSync(join(sandbox.configDir, 'compiled-pipelines')).filter((name) => name.endsWith('.mjs'));

  test('steps cached by a run through tsx are cache hits for the compiled file, and the other way round', async () => {
    const first = await run(['--pipeline', 'scaled'], { ZENML_NO_COMPILE_CACHE: '1' });
    assert.equal(first.code, 0, `${first.stderr}|${first.stdout}`);
    assert.equal(first.json().steps.scale.cached, false);
    const second = await run(['--pipeline', 'scaled']);
    assert.equal(second.code, 0, `${second.stderr}|${second.stdout}`);
    assert.equal(second.json().steps.scale.cached, true, 'the same step code and dependencies give the same cache key');
    assert.equal(compiled().length, 1);
    const third = await run(['--pipeline', 'scaled']);
    assert.equal(third.json().steps.scale.cached, true);
    assert.equal(compiled().length, 1, 'a hit compiles nothing new');
  });

  test('an edited imported module recompiles the file and misses the step cache', async () => {
    writeFileSync(join(sandbox.cwd, 'lib/helper.ts'), HELPER.replace('factor: number = 2', 'factor: number = 3'));
    const result = await run(['--pipeline', 'scaled']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json().steps.scale.cached, false);
    assert.equal(compiled().length, 1, 'the outdated module is removed');
  });

  test('a failing step reports its error as before, and the run exits 1', async () => {
    const result = await run(['--pipeline', 'failing']);
    assert.equal(result.code, 1, `${result.stderr}|${result.stdout}`);
    assert.equal(result.json().steps.fail.error, 'exploded in the helper');
  });

  test('a syntax error is reported with its place, as tsx reported it', async () => {
    const broken = sandbox.write('broken.ts', `import { pipeline } from 'zenml';\nexport const p = pipeline({ name: 'p' }, () => {\n  const x = ;\n});\n`);
    const result = await runCli(['pipeline', 'run', broken], { sandbox });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /broken\.ts:3:13/);
  });
});

describe('pipeline run of a compiled TypeScript file in CommonJS scope (no "type": "module")', () => {
  let sandbox: Sandbox;
  let file: string;
  before(() => {
    sandbox = createSandbox();
    sandbox.write('cjs/package.json', JSON.stringify({ name: 'cjs-project', private: true }));
    sandbox.write('cjs/lib/helper.ts', HELPER);
    file = sandbox.write('cjs/scaled.ts', PIPELINE);
  });
  after(() => sandbox.cleanup());

  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['pipeline', 'run', file, ...args, '--json'], { sandbox, env });

  // tsx's CommonJS output reads an imported binding as `import_helper.factor`, one bundle as
  // `factor`: a step using one gets its own cache key under each loader (the compiled one is stable).
  test('runs as CommonJS, and its steps are cached from one run to the next', async () => {
    const first = await run(['--pipeline', 'scaled']);
    assert.equal(first.code, 0, `${first.stderr}|${first.stdout}`);
    assert.equal(first.json().steps.scale.cached, false);
    const second = await run(['--pipeline', 'scaled']);
    assert.equal(second.code, 0, `${second.stderr}|${second.stdout}`);
    assert.equal(second.json().steps.scale.cached, true);
    assert.deepEqual(readdirSync(join(sandbox.configDir, 'compiled-pipelines')).filter((name) => /\.[mc]js$/.test(name)).map((name) => name.slice(-4)), ['.cjs']);
  });

  test('a failing step in an imported module fails the run', async () => {
    const result = await run(['--pipeline', 'failing']);
    assert.equal(result.code, 1, `${result.stderr}|${result.stdout}`);
    assert.equal(result.json().steps.fail.error, 'exploded in the helper');
  });
});
