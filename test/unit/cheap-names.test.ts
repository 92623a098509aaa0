// scripts/lib/cheap-names.mjs removes esbuild's keepNames redefinitions that cannot change a
// name: the bundles it rewrites must give every function and class the name the original
// build gives it, renamed bindings included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
// @ts-expect-error plain .mjs build script without type declarations
import { withCheapNames } from '../../scripts/lib/cheap-names.mjs';

/** Two modules whose top-level names meet in one bundle, so esbuild renames the second's. */
const MODULES = {
  'a.js': `
    export function hash(x) { return x; }
    export const get = (x) => x;
    export const table = { get: (r) => r, 'key-name': () => 1, __proto__: null };
    export class Store { fetch = () => 1; static { this.made = true; } }
    export let assigned; assigned = () => 1;
    export const Anonymous = class {};
  `,
  'b.js': `
    export function hash(x) { return x + 1; }
    export const get = (x) => x + 1;
    export class Store {}
    export const nested = { outer: () => ({ inner: () => 2 }) };
    export default () => 3;
  `,
  'entry.js': `
    import * as a from './a.js';
    import * as b from './b.js';
    import unnamed from './b.js';
    const store = new a.Store();
    export const names = [
      a.hash.name, b.hash.name, a.get.name, b.get.name, a.table.get.name, a.table['key-name'].name,
      a.Store.name, b.Store.name, store.fetch.name, a.assigned.name, a.Anonymous.name,
      b.nested.outer.name, b.nested.outer().inner.name, unnamed.name, String(a.Store.made),
    ];
  `,
};

function evaluate(code: string): string[] {
  const module = { exports: {} as { names: string[] } };
  new Function('module', 'exports', code)(module, module.exports);
  return module.exports.names;
}

async function bundled(minified: boolean): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-cheap-names-'));
  try {
    for (const [name, text] of Object.entries(MODULES)) writeFileSync(join(dir, name), text);
    const result = await build({
      entryPoints: [join(dir, 'entry.js')],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      keepNames: true,
      minifyWhitespace: minified,
      minifySyntax: minified,
      logLevel: 'silent',
    });
    return result.outputFiles[0].text;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const minified of [false, true]) {
  test(`every name stays what keepNames made it, with most redefinitions gone (${minified ? 'minified' : 'plain'} output)`, async () => {
    const original = await bundled(minified);
    const cheap = withCheapNames(original, 'entry.js');
    const expected = ['hash', 'hash', 'get', 'get', 'get', 'key-name', 'Store', 'Store', 'fetch', 'assigned', 'Anonymous', 'outer', 'inner', 'default', 'true'];
    assert.deepEqual(evaluate(original), expected, 'the fixture itself');
    assert.deepEqual(evaluate(cheap), expected);

    // The wrappers around arrows that their position names anyway are gone; the renamed
    // bindings (hash2, get2, Store2) keep theirs, and the helper skips names already right.
    const calls = (code: string) => code.match(/__name\(/g)?.length ?? 0;
    assert.ok(calls(cheap) < calls(original) - 5, `${calls(cheap)} calls left of ${calls(original)}`);
    assert.match(cheap, /__name\(hash2, ?"hash"\)/);
    assert.match(cheap, /target\.name ?=== ?value \? ?target ?: ?__defProp/);
  });
}

test('a helper esbuild writes differently stops the build instead of passing unchecked', () => {
  const source = 'var __name = (target, value) => Object.defineProperty(target, "name", { value });\n__name(function f() {}, "f");\n';
  assert.throws(() => withCheapNames(source, 'chunk.js'), /__name helper in chunk\.js is not the one expected/);
});
