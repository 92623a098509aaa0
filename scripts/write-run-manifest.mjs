#!/usr/bin/env node
// Writes dist/oclif.run-manifest.json: oclif.manifest.json without what only help reads (each
// command's flags and examples: most of its 370 KB), minified. Args stay: with topics separated
// by spaces, oclif tells where a command's id ends and its arguments begin by them. oclif reads and
// parses the manifest at every start; a start that is not asking for help only finds the
// command by id (or suggests one) and loads its class, which declares its own flags. The CLI's
// boot (src/cli/boot.ts) points oclif at this file unless the command line asks for help.
//
// It also writes dist/run-manifests/: the same manifest cut into one file per command, and an
// index of command ids (aliases included) with whether each takes arguments. A start whose
// command line names a command reads the index, finds the command as oclif would
// (src/cli/command-manifest.ts), and gives oclif the manifest of that command alone: parsing
// and loading all ~200 commands was ~10 ms of every start.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HELP_ONLY_KEYS = ['flags', 'examples'];

const root = new URL('..', import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'));
for (const command of Object.values(manifest.commands)) {
  for (const key of HELP_ONLY_KEYS) delete command[key];
  // oclif iterates a command's flags when it caches it: empty, not missing.
  command.flags = {};
}
writeFileSync(join(root, 'dist', 'oclif.run-manifest.json'), JSON.stringify(manifest));

const perCommand = join(root, 'dist', 'run-manifests');
rmSync(perCommand, { recursive: true, force: true });
mkdirSync(perCommand, { recursive: true });
const index = {};
for (const [id, command] of Object.entries(manifest.commands)) {
  const file = `${id.replaceAll(':', '.')}.json`;
  writeFileSync(join(perCommand, file), JSON.stringify({ ...manifest, commands: { [id]: command } }));
  // What oclif asks of a command while it reads a command line (src/cli/command-manifest.ts).
  const takesArgs = command.strict === false || Object.keys(command.args ?? {}).length > 0;
  // oclif registers aliases as commands of their own, with topics joined by ':'.
  for (const name of [id, ...(command.aliases ?? []), ...(command.hiddenAliases ?? [])]) index[name.replaceAll(' ', ':')] = { file, takesArgs };
}
writeFileSync(join(perCommand, 'index.json'), JSON.stringify(index));
