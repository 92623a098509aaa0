#!/usr/bin/env node
// Builds dist/cli/boot.cjs, the CommonJS start of the CLI that bin/run.js requires (see
// src/cli/boot.ts): one small file instead of a chain of ES modules before oclif starts.
import { build } from 'esbuild';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
await build({
  entryPoints: [join(root, 'src', 'cli', 'boot.ts')],
  outfile: join(root, 'dist', 'cli', 'boot.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  // exit-guard.ts finds the package from its own URL; the bundle sits in dist/cli/ as it does.
  define: { 'import.meta.url': 'bootFileUrl' },
  banner: { js: "const bootFileUrl = require('node:url').pathToFileURL(__filename).href;" },
});
