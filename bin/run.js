#!/usr/bin/env node
import { answeredWithoutOclif } from '../dist/cli/fast-paths.js';

if (!answeredWithoutOclif(process.argv.slice(2), new URL('../package.json', import.meta.url))) {
  const { execute } = await import('../dist/vendor/oclif.js');
  await execute({ dir: import.meta.url });
}
