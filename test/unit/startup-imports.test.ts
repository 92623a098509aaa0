import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// Libraries that load as hundreds of small modules are bundled into src/vendor/ (one file
// each); importing their values anywhere else silently brings the slow start-up back.
const BUNDLED = ['@oclif/core', 'kysely', 'yaml', 'ajv', 'cli-table3'];
const root = join(import.meta.dirname, '..', '..');
const names = BUNDLED.join('|');
const valueImport = new RegExp(`^\\s*(import|export)\\s+(?!type\\b)[^;]*from\\s+'(${names})'|\\bimport\\('(${names})'\\)`, 'm');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

test('no source file outside src/vendor imports a value from a bundled library', () => {
  const offenders = sourceFiles(join(root, 'src'))
    .filter((path) => !path.includes(`${join('src', 'vendor')}`))
    .filter((path) => valueImport.test(readFileSync(path, 'utf8')))
    .map((path) => relative(root, path));
  assert.deepEqual(offenders, [], 'import these from src/vendor/*.js instead');
});

test('the import check catches a value import and lets a type-only import through', () => {
  assert.ok(valueImport.test("import { Flags } from '@oclif/core';"));
  assert.ok(!valueImport.test("import type { Hook } from '@oclif/core';"));
  assert.ok(!valueImport.test("import { Flags } from '../vendor/oclif.js';"));
  assert.ok(valueImport.test("const { Config } = await import('@oclif/core');"));
});
