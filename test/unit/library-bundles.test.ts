// The built library runs as CommonJS bundles through V8's code cache (scripts/lib-to-cjs.mjs,
// src/core/library-modules.ts), behind ES module faces at the paths tsc would have written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = join(import.meta.dirname, '..', '..', 'dist');
const distUrl = (path: string) => pathToFileURL(join(dist, path)).href;

function runModule(script: string, cacheDir: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ZENML_CACHE_DIR: cacheDir, ZENML_NO_CODE_CACHE: '' },
    encoding: 'utf8',
  }).trim();
}

test('importing zenml runs the library from code cached by the first start: the second start writes nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-library-bundles-'));
  try {
    const script = `const { step, pipeline } = await import(${JSON.stringify(distUrl('index.js'))}); console.log(typeof step, typeof pipeline);`;
    assert.equal(runModule(script, dir), 'function function');
    const cacheDir = join(dir, 'code-cache');
    const written = new Map(readdirSync(cacheDir).map((name) => [name, statSync(join(cacheDir, name)).mtimeMs]));
    assert.ok([...written.keys()].some((name) => /^cjs~index\.cjs-.*\.v8$/.test(name)), `no cache of the index bundle in ${[...written.keys()].join(', ')}`);
    assert.ok([...written.keys()].some((name) => /^cjs~chunks~chunk-.*\.cjs-.*\.v8$/.test(name)), 'no cache of a library chunk');

    assert.equal(runModule(script, dir), 'function function');
    const after = new Map(readdirSync(cacheDir).map((name) => [name, statSync(join(cacheDir, name)).mtimeMs]));
    assert.deepEqual(after, written);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every face shares the one instance of the library: zenml, zenml/plugin and a module loaded by path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-library-bundles-'));
  try {
    const script = [
      `const index = await import(${JSON.stringify(distUrl('index.js'))});`,
      `const byPath = await import(${JSON.stringify(distUrl('sdk/step.js'))});`,
      `const plugin = await import(${JSON.stringify(distUrl('plugin.js'))});`,
      'console.log(index.step === byPath.step, Object.keys(plugin).length > 0);',
    ].join('\n');
    assert.equal(runModule(script, dir), 'true true');
    // The chunks exist only as bundles: an ES module copy would be a second instance.
    assert.equal(existsSync(join(dist, 'chunks')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bundles that require each other in a cycle see each other as Node modules would', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-library-bundles-'));
  try {
    // As esbuild writes them: module.exports is set before the body requires anything.
    writeFileSync(join(dir, 'a.cjs'), "module.exports = { name: 'a', partner: () => b.name }; const b = require('./b.cjs');\n");
    writeFileSync(join(dir, 'b.cjs'), "module.exports = { name: 'b', partner: () => a.name }; const a = require('./a.cjs');\n");
    const loader = pathToFileURL(join(import.meta.dirname, '..', '..', 'src', 'core', 'code-cache.ts')).href;
    const script = [
      `const { loadCachedBundle } = await import(${JSON.stringify(loader)});`,
      "const { join, dirname } = await import('node:path');",
      'const link = (file) => ({ require: (specifier) => loadCachedBundle(join(dirname(file), specifier), link), import: (specifier) => import(specifier) });',
      `const a = loadCachedBundle(${JSON.stringify(join(dir, 'a.cjs'))}, link);`,
      'console.log(a.partner(), loadCachedBundle(join(dirname(' + JSON.stringify(join(dir, 'a.cjs')) + "), 'b.cjs'), link).partner());",
    ].join('\n');
    const printed = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, ZENML_CACHE_DIR: join(dir, 'cache') }, encoding: 'utf8' }).trim();
    assert.equal(printed, 'b a');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
