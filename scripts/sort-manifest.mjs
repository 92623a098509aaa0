#!/usr/bin/env node
// Rewrites oclif.manifest.json with its commands sorted by id.
// `oclif manifest` lists commands in the order its file glob returns them, which changes from
// build to build, so every build produced a 2,000-line diff of the committed manifest.
// Only the order of the commands changes: the keys inside each command (flags included) keep
// oclif's order, because --help and the command reference show flags in that order.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../oclif.manifest.json', import.meta.url);
const manifest = JSON.parse(readFileSync(file, 'utf8'));

// Code-unit order, not localeCompare: the result must not depend on the machine's locale.
const ids = Object.keys(manifest.commands).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const commands = Object.fromEntries(ids.map((id) => [id, manifest.commands[id]]));

// Rebuild the top level in its existing key order, with only `commands` replaced.
const sorted = Object.fromEntries(Object.entries(manifest).map(([key, value]) => [key, key === 'commands' ? commands : value]));
writeFileSync(file, `${JSON.stringify(sorted, null, 2)}\n`);
