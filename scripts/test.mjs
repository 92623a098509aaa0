#!/usr/bin/env node
// Runs every test tier with node's test runner (TypeScript through tsx).
// Usage: node scripts/test.mjs [path-filter ...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const roots = ['test', ...readdirSync(join(root, 'plugins')).map((p) => join('plugins', p, 'test'))];

function collect(dir, out) {
  let entries;
  try {
    entries = readdirSync(join(root, dir));
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (entry === 'node_modules' || entry === 'fixtures') continue;
    const path = join(dir, entry);
    if (statSync(join(root, path)).isDirectory()) collect(path, out);
    else if (entry.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = roots.flatMap((dir) => collect(dir, [])).filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)));
if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}
console.error(`Running ${files.length} test files.`);
// Tests must never touch the real home: they run with an empty one, checked afterwards.
const home = mkdtempSync(join(tmpdir(), 'zenml-test-home-'));
const env = { ...process.env, HOME: home };
for (const key of ['ZENML_CONFIG_DIR', 'ZENML_CONFIG_PATH', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'ZENML_STORE_URL', 'ZENML_ACTIVE_STACK', 'ZENML_ACTIVE_STACK_ID']) delete env[key];
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=600000', ...files.map((f) => relative(root, join(root, f)))], {
  cwd: root,
  stdio: 'inherit',
  env,
});
const leaked = existsSync(join(home, '.config', 'zenml'));
rmSync(home, { recursive: true, force: true });
if (leaked) {
  console.error('A test wrote to the home config dir (~/.config/zenml): give it a sandbox (test/helpers/sandbox.ts).');
  process.exit(1);
}
process.exit(result.status ?? 1);
