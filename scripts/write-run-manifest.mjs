#!/usr/bin/env node
// Writes dist/oclif.run-manifest.json: oclif.manifest.json without what only help reads (each
// command's flags and examples: most of its 370 KB), minified. Args stay: with topics separated
// by spaces, oclif tells where a command's id ends and its arguments begin by them. oclif reads and
// parses the manifest at every start; a start that is not asking for help only finds the
// command by id (or suggests one) and loads its class, which declares its own flags. The CLI's
// boot (src/cli/boot.ts) points oclif at this file unless the command line asks for help.
import { readFileSync, writeFileSync } from 'node:fs';
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
