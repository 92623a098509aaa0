import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../helpers/sandbox.js';
import { componentCommandIds } from '../../src/cli/component-commands.js';

const STALE = 'oclif.manifest.json is stale: run `npm run build` and commit the manifest.';

function files(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return files(path, suffix);
    return path.endsWith(suffix) && !path.endsWith(`.d${suffix}`) ? [path] : [];
  });
}

/** oclif's id for a command file: path below the commands dir, `:`-separated, `index` meaning the folder. */
function commandId(root: string, file: string, suffix: string): string {
  return relative(root, file).slice(0, -suffix.length).split(sep).filter((part, i, all) => !(part === 'index' && i === all.length - 1)).join(':');
}

/** Every command the CLI must have: the files under src/commands/ and the generated component commands. */
function expectedIds(): string[] {
  const fileIds = files(join(REPO_ROOT, 'src', 'commands'), '.ts').map((f) => commandId(join(REPO_ROOT, 'src', 'commands'), f, '.ts'));
  const componentIds = componentCommandIds().map((c) => c.id);
  assert.equal(componentIds.length, 80, 'component commands: 8 component types × 10 actions');
  assert.deepEqual(componentIds.filter((id) => fileIds.includes(id)), [], 'a file in src/commands/ has the id of a generated component command');
  return [...fileIds, ...componentIds];
}

test('every command is compiled or generated (npm run build is not behind src/)', () => {
  const distIds = new Set(files(join(REPO_ROOT, 'dist', 'commands'), '.js').map((f) => commandId(join(REPO_ROOT, 'dist', 'commands'), f, '.js')));
  const missing = expectedIds().filter((id) => !distIds.has(id));
  assert.deepEqual(missing, [], 'commands without a file in dist/commands/: run `npm run build`.');
});

test('oclif.manifest.json lists exactly the compiled commands, with their flags and args', async () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as {
    version: string;
    commands: Record<string, { flags: Record<string, unknown>; args: Record<string, unknown> }>;
  };
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  assert.equal(manifest.version, pkg.version, STALE);

  const root = join(REPO_ROOT, 'dist', 'commands');
  const compiled: Record<string, { flags: string[]; args: string[] }> = {};
  for (const file of files(root, '.js')) {
    const module = await import(pathToFileURL(file).href);
    const command = module.default;
    if (typeof command !== 'function' || typeof command.run !== 'function') continue;
    const flags = new Set([...Object.keys(command.baseFlags ?? {}), ...Object.keys(command.flags ?? {})]);
    if (command.enableJsonFlag) flags.add('json');
    compiled[commandId(root, file, '.js')] = { flags: [...flags].sort(), args: Object.keys(command.args ?? {}).sort() };
  }

  assert.deepEqual(Object.keys(manifest.commands).sort(), Object.keys(compiled).sort(), STALE);
  assert.deepEqual(expectedIds().filter((id) => !manifest.commands[id]), [], STALE);
  for (const [id, expected] of Object.entries(compiled)) {
    const entry = manifest.commands[id];
    assert.deepEqual(Object.keys(entry.flags).sort(), expected.flags, `${STALE} (flags of '${id.replace(/:/g, ' ')}')`);
    assert.deepEqual(Object.keys(entry.args).sort(), expected.args, `${STALE} (args of '${id.replace(/:/g, ' ')}')`);
  }
});

test('nested oclif topics are keyed with ":" (a space hides their description from --help)', () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const spaced = Object.keys(pkg.oclif.topics ?? {}).filter((key) => key.includes(' '));
  assert.deepEqual(spaced, [], 'write "pipeline:runs", not "pipeline runs", in package.json oclif.topics');
});

test('oclif.manifest.json lists its commands sorted by id (scripts/sort-manifest.mjs), so a rebuild leaves no diff', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as { commands: Record<string, unknown> };
  const ids = Object.keys(manifest.commands);
  const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  assert.deepEqual(ids, sorted, 'oclif.manifest.json is not sorted: run `npm run build` (it ends with scripts/sort-manifest.mjs).');
});

test('dist/oclif.run-manifest.json (read by starts that show no help) is the manifest without flags and examples', () => {
  const full = JSON.parse(readFileSync(join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as { version: string; commands: Record<string, Record<string, unknown>> };
  const run = JSON.parse(readFileSync(join(REPO_ROOT, 'dist', 'oclif.run-manifest.json'), 'utf8')) as typeof full;
  assert.equal(run.version, full.version);
  assert.deepEqual(Object.keys(run.commands), Object.keys(full.commands));
  for (const [id, command] of Object.entries(full.commands)) {
    const { flags: _flags, examples: _examples, ...kept } = command;
    assert.deepEqual(run.commands[id], { ...kept, flags: {} }, `run manifest entry of '${id}'`);
  }
});
