#!/usr/bin/env node
// Runs every test tier with node's test runner (TypeScript through tsx).
// Usage: node scripts/test.mjs [path-filter | test-file ...]
// Refuses to run against a dist/ older than the sources (CLI tests run the compiled code),
// and, under ZENML_TEST_REQUIRE_SERVICES=1, counts every skipped test or group as a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { staleBuildProblem } from './lib/build-stamp.mjs';

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

const stale = staleBuildProblem(root);
if (stale) {
  console.error(stale);
  process.exit(1);
}

const filters = process.argv.slice(2);
// A filter naming a test file runs that file, wherever it is (the runner's own self-checks use fixtures).
const named = filters.filter((f) => f.endsWith('.test.ts') || f.endsWith('.test.mjs')).filter((f) => existsSync(resolve(f))).map((f) => relative(root, resolve(f)));
const searched = filters.filter((f) => !named.includes(relative(root, resolve(f))));
const found = searched.length === 0 && named.length > 0 ? [] : roots.flatMap((dir) => collect(dir, [])).filter((file) => searched.length === 0 || searched.some((f) => file.includes(f)));
const files = [...new Set([...named, ...found])];
if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}
console.error(`Running ${files.length} test files.`);
// Tests must never touch the real home: they run with an empty one, checked afterwards.
const home = mkdtempSync(join(tmpdir(), 'zenml-test-home-'));
const skipLog = join(home, 'skipped.jsonl');
const env = { ...process.env, HOME: home };
// A runner started from inside a test must not talk to that test's runner.
delete env.NODE_TEST_CONTEXT;
for (const key of ['ZENML_CONFIG_DIR', 'ZENML_CONFIG_PATH', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'ZENML_STORE_URL', 'ZENML_ACTIVE_STACK', 'ZENML_ACTIVE_STACK_ID']) delete env[key];
// node's own default reporter (spec on a terminal, tap otherwise), plus one that logs skips.
const reporters = [
  `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`, '--test-reporter-destination=stdout',
  `--test-reporter=${join(root, 'scripts', 'lib', 'skip-reporter.mjs')}`, `--test-reporter-destination=${skipLog}`,
];
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=600000', ...reporters, ...files.map((f) => relative(root, join(root, f)))], {
  cwd: root,
  stdio: 'inherit',
  env,
});
const leaked = existsSync(join(home, '.config', 'zenml'));
const skipped = existsSync(skipLog) ? readFileSync(skipLog, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
rmSync(home, { recursive: true, force: true });
if (leaked) {
  console.error('A test wrote to the home config dir (~/.config/zenml): give it a sandbox (test/helpers/sandbox.ts).');
  process.exit(1);
}
if (skipped.length > 0) {
  const required = process.env.ZENML_TEST_REQUIRE_SERVICES === '1';
  console.error(`${skipped.length} test(s) or group(s) skipped${required ? ', which ZENML_TEST_REQUIRE_SERVICES=1 counts as failures' : ''}:`);
  for (const skip of skipped) console.error(`  ${skip.file ? `${relative(root, skip.file)}: ` : ''}${skip.name} (${skip.reason})`);
  if (required) process.exit(1);
}
process.exit(result.status ?? 1);
