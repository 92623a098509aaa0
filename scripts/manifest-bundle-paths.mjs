#!/usr/bin/env node
// Points oclif.manifest.json's commands at their CommonJS bundles (dist/cjs/commands/**.cjs,
// scripts/lib-to-cjs.mjs) instead of their ES module faces: oclif then require()s a command,
// and `zenml stack list` starts without Node's ES module loader (its set-up, the resolve and
// the module job were ~10 ms of every command). `oclif manifest` reads the commands through
// the faces, which stay for anything that imports a command by path.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const file = join(root, 'oclif.manifest.json');
const manifest = JSON.parse(readFileSync(file, 'utf8'));
for (const command of Object.values(manifest.commands)) {
  const [dist, ...rest] = command.relativePath;
  if (dist !== 'dist' || !rest.at(-1).endsWith('.js')) throw new Error(`manifest-bundle-paths: command ${command.id} is at ${command.relativePath.join('/')}, not in dist/`);
  const bundle = ['dist', 'cjs', ...rest.slice(0, -1), rest.at(-1).replace(/\.js$/, '.cjs')];
  if (!existsSync(join(root, ...bundle))) throw new Error(`manifest-bundle-paths: command ${command.id} has no bundle at ${bundle.join('/')}`);
  command.relativePath = bundle;
  command.isESM = false;
}
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
