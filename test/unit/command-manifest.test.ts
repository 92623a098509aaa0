// The CLI's boot picks the one command a command line names before oclif starts, and gives
// oclif that command's manifest alone (src/cli/command-manifest.ts). Whenever it picks one,
// it must be the command oclif itself would run with every command loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config } from '@oclif/core';
import { normalizeArgv } from '@oclif/core/help';
import { commandIdOf, commandManifestFor, type CommandIndex } from '../../src/cli/command-manifest.js';
import { REPO_ROOT } from '../helpers/sandbox.js';

const MANIFESTS = join(REPO_ROOT, 'dist', 'run-manifests');
const index = JSON.parse(readFileSync(join(MANIFESTS, 'index.json'), 'utf8')) as CommandIndex;

/** Command lines around every command: its words, with arguments, flags, `x=y`, a typo, the colon form. */
function commandLines(): string[][] {
  const lines: string[][] = [['stack'], ['stack', 'lst'], ['stak', 'list'], ['plugins'], ['plugins', 'inspect', 'x'], ['', 'stack', 'list'], ['model', 'version', 'list', 'm']];
  for (const id of Object.keys(index)) {
    const words = id.split(':');
    lines.push(words, [...words, 'first', 'second'], [...words, '--json'], [...words, 'key=value', 'x'], [id, 'first'], [`${words[0]}x`, ...words.slice(1)]);
    if (words.length > 1) lines.push([...words.slice(0, -1), 'nosuchcommand', 'x']);
  }
  return lines;
}

test('the command picked for a command line is the one oclif finds with all commands loaded', async () => {
  const config = await Config.load(REPO_ROOT);
  let picked = 0;
  for (const argv of commandLines()) {
    const ours = commandIdOf(argv, index);
    const [oclifs] = normalizeArgv(config, [...argv]);
    const known = (id: string | undefined) => id !== undefined && Object.hasOwn(index, id);
    if (known(ours) || known(oclifs)) assert.equal(ours, oclifs, `zenml ${argv.join(' ')}`);
    if (known(ours)) picked++;
  }
  // Every command's own words, with or without arguments and flags, takes the fast path.
  assert.ok(picked > 4 * Object.keys(index).length, `only ${picked} command lines found their command`);
});

test('a command line naming a command gets its manifest; help, version, typos and plugins get none', () => {
  const listManifest = commandManifestFor(['stack', 'list', '--json'], MANIFESTS);
  assert.equal(listManifest, join(MANIFESTS, 'stack.list.json'));
  const manifest = JSON.parse(readFileSync(listManifest!, 'utf8')) as { commands: Record<string, unknown>; version: string };
  assert.deepEqual(Object.keys(manifest.commands), ['stack:list']);
  assert.ok(manifest.version, 'the manifest keeps its version (oclif ignores one without)');
  // An alias finds the command it stands for.
  assert.equal(commandManifestFor(['project', 'register', 'p'], MANIFESTS), join(MANIFESTS, 'project.create.json'));

  for (const argv of [[], ['--version'], ['stak', 'list'], ['stack'], ['plugins', 'inspect', 'x']]) {
    assert.equal(commandManifestFor(argv, MANIFESTS), undefined, `zenml ${argv.join(' ')}`);
  }
  const empty = mkdtempSync(join(tmpdir(), 'zenml-no-index-'));
  try {
    assert.equal(commandManifestFor(['stack', 'list'], empty), undefined, 'a build without the index');
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
