#!/usr/bin/env node
import { answeredWithoutOclif } from '../dist/cli/fast-paths.js';

if (!answeredWithoutOclif(process.argv.slice(2), new URL('../package.json', import.meta.url))) {
  const [{ execute }, { guardCliProcess }] = await Promise.all([import('../dist/vendor/oclif.js'), import('../dist/cli/exit-guard.js')]);
  const guard = guardCliProcess();
  await execute({ dir: import.meta.url });
  // The command is done: a timer or socket left open by a pipeline file or plugin must not keep it alive.
  await guard.finished();
}
