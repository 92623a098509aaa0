#!/usr/bin/env node
// Replaces tsc's re-export stubs in dist/vendor/ with single-file bundles of the libraries,
// because loading hundreds of small ES modules dominates CLI start-up time on Node 20.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const entries = readdirSync(join(root, 'src', 'vendor')).filter((f) => f.endsWith('.ts')).map((f) => join(root, 'src', 'vendor', f));
await build({
  entryPoints: entries,
  outdir: join(root, 'dist', 'vendor'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Smaller source parses faster; these bundles are read on every start-up.
  minify: true,
  keepNames: true,
  allowOverwrite: true,
  logLevel: 'warning',
  // oclif requires TypeScript only to run commands from .ts sources in development (never here).
  external: ['typescript', 'ts-node'],
  // Bundled CommonJS code (yaml) still calls require() for node built-ins.
  banner: { js: "import { createRequire as __zenmlCreateRequire } from 'node:module'; const require = __zenmlCreateRequire(import.meta.url);" },
});
