// The CLI's start: bin/run.js requires the CommonJS build of this file (dist/cli/boot.cjs,
// scripts/bundle-boot.mjs), so `zenml --version` and `zenml --help` run without Node's ES
// module loader, whose start and per-module cost were a good part of theirs. ES modules load
// only when a command needs them (oclif imports the command's file). It holds only what every
// start needs: the fast paths, the exit guard and the code-cache loader oclif comes through.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCachedBundle } from '../core/code-cache.js';
import { quietLinkedPluginWarnings } from '../core/linked-plugins.js';
import { commandManifestFor } from './command-manifest.js';
import { guardCliProcess } from './exit-guard.js';
import { answeredWithoutOclif } from './fast-paths.js';

/** Runs the command line `argv` with the zenml package at `packageRoot`. */
export async function runCli(packageRoot: string, argv: string[] = process.argv.slice(2)): Promise<void> {
  if (answeredWithoutOclif(argv, pathToFileURL(join(packageRoot, 'package.json')))) return;
  // The same bundle (and so the same classes) the commands get through dist/vendor/oclif.js.
  const { execute } = loadCachedBundle(join(packageRoot, 'dist', 'vendor', 'oclif.cjs')) as unknown as typeof import('../vendor/oclif.js');
  const guard = guardCliProcess();
  if (!asksForHelp(argv)) {
    const dist = join(packageRoot, 'dist');
    useRunManifest(commandManifestFor(argv, join(dist, 'run-manifests')) ?? join(dist, 'oclif.run-manifest.json'));
  }
  quietLinkedPluginWarnings();
  // The package root itself, not this file: oclif would take the nearest package.json up from
  // a file, and bin/ has its own (it makes bin/run.js CommonJS).
  await execute({ args: argv, dir: packageRoot });
  // The command is done: a timer or socket left open by a pipeline file or plugin must not keep it alive.
  await guard.finished();
}

/**
 * Help (and a bare `zenml`) shows commands' flags, args and examples, which only the full
 * oclif.manifest.json holds. Conservative: a `--help` anywhere, even after `--`, counts.
 */
function asksForHelp(argv: string[]): boolean {
  return argv.length === 0 || argv[0] === 'help' || argv.includes('--help');
}

/**
 * Points oclif at a manifest without help's parts (scripts/write-run-manifest.mjs): the one
 * command the command line names, or all of them. A command is found by id and its class
 * declares its own flags. A patch of the oclif bundle
 * (scripts/bundle-vendor.mjs) reads this; without the file (a build without that step)
 * oclif reads the full manifest as before.
 */
function useRunManifest(file: string): void {
  if (existsSync(file)) (globalThis as Record<symbol, unknown>)[Symbol.for('zenml.runManifest')] = file;
}
