import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const loader = pathToFileURL(join(import.meta.dirname, '..', '..', 'src', 'core', 'code-cache.ts')).href;

/** Runs a bundle through loadCachedBundle in a fresh Node (as a CLI start would) and returns what it printed. */
function runBundle(dir: string, bundle: string, before = ''): string {
  const script = `const { loadCachedBundle, skipCodeCacheWrites } = await import(${JSON.stringify(loader)}); ${before} const exports = loadCachedBundle(${JSON.stringify(bundle)}); console.log(await exports.answer());`;
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, ZENML_CACHE_DIR: join(dir, 'cache'), ZENML_NO_CODE_CACHE: '' },
    encoding: 'utf8',
  }).trim();
}

test('a vendor bundle runs from V8 code cached by the first start, and can still import() ES modules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-code-cache-'));
  try {
    const esm = join(dir, 'value.mjs');
    writeFileSync(esm, 'export const value = 42;\n');
    const bundle = join(dir, 'bundle.cjs');
    // The build rewrites the bundles' import() to __zenmlImport() (scripts/bundle-vendor.mjs).
    writeFileSync(bundle, `exports.answer = async () => (await __zenmlImport(${JSON.stringify(pathToFileURL(esm).href)})).value + require('node:path').sep.length - 1;\n`);

    assert.equal(runBundle(dir, bundle), '42');
    const cacheDir = join(dir, 'cache', 'code-cache');
    const [cacheFile] = readdirSync(cacheDir);
    assert.match(cacheFile, /^bundle\.cjs-.*\.v8$/);
    const written = statSync(join(cacheDir, cacheFile)).mtimeMs;

    // The second start takes the cache (V8 accepts it), so nothing is written again.
    assert.equal(runBundle(dir, bundle), '42');
    assert.deepEqual(readdirSync(cacheDir), [cacheFile]);
    assert.equal(statSync(join(cacheDir, cacheFile)).mtimeMs, written);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a start that created or upgraded the store writes no cache; the next start does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-code-cache-'));
  try {
    const bundle = join(dir, 'bundle.cjs');
    writeFileSync(bundle, 'exports.answer = async () => 7;\n');
    // What a migration does: its code would be in every later start's cache.
    assert.equal(runBundle(dir, bundle, 'skipCodeCacheWrites();'), '7');
    const cacheDir = join(dir, 'cache', 'code-cache');
    assert.equal(existsSync(cacheDir), false, 'no cache was written');
    assert.equal(runBundle(dir, bundle), '7');
    assert.equal(readdirSync(cacheDir).filter((name) => name.endsWith('.v8')).length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bundle runs once per process: the CLI boot and the ES module faces get the same exports (and classes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-code-cache-'));
  try {
    const bundle = join(dir, 'bundle.cjs');
    writeFileSync(bundle, 'globalThis.bundleRuns = (globalThis.bundleRuns ?? 0) + 1; exports.Config = class Config {};\n');
    const script = `const { loadCachedBundle } = await import(${JSON.stringify(loader)}); const a = loadCachedBundle(${JSON.stringify(bundle)}); const b = loadCachedBundle(${JSON.stringify(bundle)}); console.log(a === b && a.Config === b.Config, globalThis.bundleRuns);`;
    const printed = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, ZENML_CACHE_DIR: join(dir, 'cache') }, encoding: 'utf8' }).trim();
    assert.equal(printed, 'true 1');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("writing a cache removes caches older than 30 days (earlier builds' chunks), not newer ones", () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-code-cache-'));
  try {
    const cacheDir = join(dir, 'cache', 'code-cache');
    mkdirSync(cacheDir, { recursive: true });
    const stale = join(cacheDir, 'cjs~chunks~chunk-OLDHASH.cjs-1-2-v20-x64.v8');
    const recent = join(cacheDir, 'cjs~chunks~chunk-NEWHASH.cjs-1-2-v20-x64.v8');
    writeFileSync(stale, 'old');
    writeFileSync(recent, 'new');
    const fortyDaysAgo = (Date.now() - 40 * 24 * 60 * 60 * 1000) / 1000;
    utimesSync(stale, fortyDaysAgo, fortyDaysAgo);
    const bundle = join(dir, 'bundle.cjs');
    writeFileSync(bundle, 'exports.answer = async () => 42;\n');

    assert.equal(runBundle(dir, bundle), '42');
    const left = readdirSync(cacheDir);
    assert.ok(!left.includes(basename(stale)), 'the stale cache is still there');
    assert.ok(left.includes(basename(recent)), 'a recent cache was removed');
    assert.ok(left.some((name) => name.startsWith('bundle.cjs-')), 'the new cache was not written');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bundles and caches of different sizes read through one buffer each get their own text, from the cache or not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-code-cache-'));
  try {
    // A large bundle, then a small one, then another large one: a read that kept bytes of the
    // previous file, or stopped short, would run the wrong code or fail to parse.
    const filler = (tag: string, size: number) => `/* ${tag.repeat(Math.ceil(size / tag.length))} */`;
    const bundles = [
      ['big.cjs', `${filler('a', 1.5 * 1024 * 1024)}\nexports.answer = () => 'big';\n`],
      ['small.cjs', `exports.answer = () => 'small';\n`],
      ['mid.cjs', `exports.answer = () => 'mid' + ${JSON.stringify(filler('é', 200_000).length)};\n${filler('b', 300_000)}\n`],
    ].map(([name, text]) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    });
    const script = `const { loadCachedBundle } = await import(${JSON.stringify(loader)}); console.log(${JSON.stringify(bundles)}.map((file) => loadCachedBundle(file).answer()).join(' '));`;
    const run = () => execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, ZENML_CACHE_DIR: join(dir, 'cache'), ZENML_NO_CODE_CACHE: '' }, encoding: 'utf8' }).trim();
    const expected = `big small mid${filler('é', 200_000).length}`;
    assert.equal(run(), expected);
    assert.equal(readdirSync(join(dir, 'cache', 'code-cache')).filter((name) => name.endsWith('.v8')).length, 3);
    assert.equal(run(), expected, 'the second start, from the three caches');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
