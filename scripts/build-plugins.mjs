#!/usr/bin/env node
// Builds every workspace plugin under plugins/ (each has its own tsconfig.json and ships
// dist/ built from src/). Plugins import 'zenml' and 'zenml/plugin' like any third-party
// plugin, so node_modules/zenml must point at this package first.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const link = join(root, 'node_modules', 'zenml');
if (!lstatSync(link, { throwIfNoEntry: false })) {
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  symlinkSync('..', link, 'junction');
}

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const projects = readdirSync(join(root, 'plugins'))
  .map((name) => join('plugins', name, 'tsconfig.json'))
  .filter((path) => existsSync(join(root, path)));
for (const project of projects) {
  const result = spawnSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
