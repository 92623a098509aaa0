#!/usr/bin/env node
// Builds dist/cli/boot.cjs, the CommonJS start of the CLI that bin/run.js requires (see
// src/cli/boot.ts): one small file instead of a chain of ES modules before oclif starts.
import { join } from 'node:path';
import { buildCommonJsFile } from './lib/commonjs-file.mjs';

const root = new URL('..', import.meta.url).pathname;
// exit-guard.ts finds the package from its own URL; the bundle sits in dist/cli/ as it does.
await buildCommonJsFile(join(root, 'src', 'cli', 'boot.ts'), join(root, 'dist', 'cli', 'boot.cjs'));
