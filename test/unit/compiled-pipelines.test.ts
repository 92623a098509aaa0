import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { compiledPipelineEntries, compiledPipelineModule, compiledPipelinesDir } from '../../src/execution/compiled-pipelines.js';
import { createSandbox, REPO_ROOT, useSandboxEnv } from '../helpers/sandbox.js';

const sandbox = createSandbox('zenml-compiled-');
let restore: () => void = () => {};
before(() => {
  restore = useSandboxEnv(sandbox);
});
after(() => {
  restore();
  sandbox.cleanup();
});

async function load(file: string): Promise<{ url: string; module: Record<string, unknown> }> {
  const url = await compiledPipelineModule(file);
  assert.ok(url, `${file} was left to tsx`);
  return { url, module: (await import(url)) as Record<string, unknown> };
}

describe('compiled pipeline files', () => {
  test('compiles once, then the same module is reused until the file changes', async () => {
    const file = sandbox.write('hit/pipeline.ts', `const answer: number = 42;\nexport const value = answer;\n`);
    const first = await load(file);
    assert.equal(first.module.value, 42);
    const output = new URL(first.url);
    const written = statSync(output).mtimeMs;
    const second = await load(file);
    assert.equal(second.url, first.url);
    assert.equal(statSync(output).mtimeMs, written, 'a hit does not write the module again');

    writeFileSync(file, `const answer: number = 43;\nexport const value = answer;\n`);
    const edited = await load(file);
    assert.notEqual(edited.url, first.url);
    assert.equal(edited.module.value, 43);
    assert.ok(!compiledPipelineEntries().includes(first.url.split('/').pop()!), 'the outdated module is removed');
  });

  test('an edited local module (imported with a .js specifier, as TypeScript wants) recompiles the file', async () => {
    const helper = sandbox.write('dep/lib/helper.ts', `export const factor: number = 2;\n`);
    const file = sandbox.write('dep/pipeline.ts', `import { factor } from './lib/helper.js';\nexport const value = factor * 10;\n`);
    assert.equal((await load(file)).module.value, 20);
    writeFileSync(helper, `export const factor: number = 3;\n`);
    assert.equal((await load(file)).module.value, 30);
  });

  test('a damaged module or manifest in the cache is compiled again', async () => {
    const file = sandbox.write('corrupt/pipeline.ts', `export const value: string = 'fine';\n`);
    const { url } = await load(file);
    writeFileSync(new URL(url), 'export const value = "truncat');
    const again = await load(file);
    assert.equal(again.module.value, 'fine');
    for (const name of readdirSync(compiledPipelinesDir()).filter((n) => n.endsWith('.json'))) writeFileSync(join(compiledPipelinesDir(), name), '{ not json');
    assert.equal((await load(file)).module.value, 'fine');
  });

  test('runs that compile the same file at once each get a complete module', async () => {
    const file = sandbox.write('race/pipeline.ts', `export const value: number = ${'1 + '.repeat(2000)}1;\n`);
    // Separate processes, as concurrent `zenml pipeline run`s are (the built module: plain node).
    const script = `import { compiledPipelineModule } from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'dist/execution/compiled-pipelines.js')).href)};
const url = await compiledPipelineModule(${JSON.stringify(file)});
const module = await import(url);
process.stdout.write(String(module.value));`;
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () => new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: sandbox.cwd, env: sandbox.env, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.stderr.on('data', (chunk) => (err += chunk));
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
      })),
    );
    assert.deepEqual(outputs, Array(4).fill('2001'));
    assert.ok(!readdirSync(compiledPipelinesDir()).some((name) => name.endsWith('.tmp')), 'no temporary file is left behind');
    assert.equal((await load(file)).module.value, 2001);
  });

  test('stack traces point at the TypeScript lines, and import.meta.url is the file', async () => {
    const file = sandbox.write('maps/pipeline.ts', `interface Shape {\n  side: number;\n}\nexport const where = import.meta.url;\nexport function fail(shape: Shape): never {\n  throw new Error('at ' + shape.side);\n}\n`);
    const { module } = await load(file);
    assert.equal(module.where, pathToFileURL(file).href);
    const error = (() => {
      try {
        (module.fail as (shape: { side: number }) => never)({ side: 1 });
      } catch (caught) {
        return caught as Error;
      }
    })();
    assert.match(error!.stack!.split('\n')[1], new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6:`));
  });

  test('steps and pipelines name the file that declares them, compiled alone or with the modules it imports', async () => {
    // The compiled module imports the built package (the sandbox's node_modules/zenml), so its definitions are read with the built helpers.
    const { stepDefinitionOf } = (await import(pathToFileURL(join(REPO_ROOT, 'dist', 'sdk', 'step.js')).href)) as typeof import('../../src/sdk/step.js');
    const { pipelineDefinitionOf } = (await import(pathToFileURL(join(REPO_ROOT, 'dist', 'core', 'pipeline-brand.js')).href)) as typeof import('../../src/core/pipeline-brand.js');
    const steps = sandbox.write('callers/steps.ts', `import { step } from 'zenml';\nexport const shout = step({ name: 'shout' }, () => 'HEY');\n`);
    const bundled = sandbox.write('callers/pipeline.ts', `import { pipeline } from 'zenml';\nimport { shout } from './steps.js';\nexport { shout };\nexport const loud = pipeline({ name: 'loud' }, () => { shout(); });\n`);
    const alone = sandbox.write('callers/alone.ts', `import { pipeline, step } from 'zenml';\nexport const hello = step({ name: 'hello' }, () => 'hi');\nexport const quiet = pipeline({ name: 'quiet' }, () => { hello(); });\n`);
    const withImport = (await load(bundled)).module;
    assert.equal(pipelineDefinitionOf(withImport.loud as never).sourceFile, bundled);
    assert.equal(stepDefinitionOf(withImport.shout).sourceFile, steps);
    const single = (await load(alone)).module;
    assert.equal(pipelineDefinitionOf(single.quiet as never).sourceFile, alone);
    assert.equal(stepDefinitionOf(single.hello).sourceFile, alone);
  });

  test('what only tsx can do is left to tsx', async () => {
    const meta = sandbox.write('tsx/meta.ts', `export const here = import.meta.resolve('./meta.ts');\n`);
    assert.equal(await compiledPipelineModule(meta), undefined);
    assert.equal(await compiledPipelineModule(meta), undefined, 'remembered as left to tsx');
    writeFileSync(meta, `export const here: string = import.meta.url;\n`);
    assert.equal((await load(meta)).module.here, pathToFileURL(meta).href, 'compiled once the file no longer needs tsx');
    const computed = sandbox.write('tsx/computed.ts', `const name = './meta.js';\nexport const load = () => import(name);\n`);
    assert.equal(await compiledPipelineModule(computed), undefined);
    const broken = sandbox.write('tsx/broken.ts', `export const = ;\n`);
    assert.equal(await compiledPipelineModule(broken), undefined, 'a syntax error is reported by tsx as before');
  });

  test('a CommonJS-scope file compiles to CommonJS, recompiled when a local module changes', async () => {
    const helper = sandbox.write('cjs/lib/helper.ts', `export const factor: number = 2;\n`);
    const file = sandbox.write('cjs/pipeline.cts', `import { factor } from './lib/helper';\nexport const value = factor * 10;\nexport const where = import.meta.url;\n`);
    const required = async () => {
      const url = await compiledPipelineModule(file, 'cjs');
      assert.ok(url?.endsWith('.cjs'), url);
      return createRequire(import.meta.url)(fileURLToPath(url!)) as { value: number; where: string };
    };
    const first = await required();
    assert.equal(first.value, 20);
    assert.equal(first.where, pathToFileURL(file).href);
    writeFileSync(helper, `export const factor: number = 5;\n`);
    assert.equal((await required()).value, 50);
  });

  test('packages stay imports of the installed package, not copies', async () => {
    const file = sandbox.write('pkg/pipeline.ts', `import { pipeline } from 'zenml';\nexport const kind = typeof pipeline;\n`);
    const { url, module } = await load(file);
    assert.equal(module.kind, 'function');
    assert.match(readFileSync(new URL(url), 'utf8'), /from"file:\/\/[^"]+\/dist\/index\.js"/);
  });
});
