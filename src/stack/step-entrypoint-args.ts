import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLAVOR_HOOK_FILES_ENV } from './flavor-hook-files.js';

/** Root of the zenml package: this file is <root>/dist/stack/ (or <root>/src/stack/ under tsx). */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `node <zenml>/bin/run.js`: how an out-of-process orchestrator starts the CLI of this installation. */
export function resolveCliEntrypoint(): { command: string; args: string[] } {
  // bin/ is next to both dist/ and src/.
  return { command: process.execPath, args: [join(ROOT, 'bin', 'run.js')] };
}

/**
 * How a step process on this machine is started: `node <zenml>/dist/execution/step-process-entrypoint.js`,
 * which does what `zenml step-entrypoint` does (same arguments, output and exit codes) with
 * only the modules running one step needs, not the CLI's (oclif, its manifest, the command
 * classes). The CLI where that file is missing (a source checkout not built yet); only the
 * lean entrypoint (`stepFromStdin`) can start before it is told its step (--step-from-stdin).
 */
export function resolveStepProcessEntrypoint(): { command: string; args: string[]; stepFromStdin: boolean } {
  const entry = join(ROOT, 'dist', 'execution', 'step-process-entrypoint.js');
  return existsSync(entry) ? { command: process.execPath, args: [entry], stepFromStdin: true } : { ...resolveCliEntrypoint(), stepFromStdin: false };
}

/**
 * The environment that spares a step process on this machine the search for plugins: the
 * flavor hook files this process found (see flavor-hook-files.ts); empty when it loaded a
 * plugin the user installed (the step process then searches, as the CLI does).
 */
export async function stepProcessPluginEnv(): Promise<Record<string, string>> {
  const { loadFlavorRegistry } = await import('./flavor-registry.js');
  const files = (await loadFlavorRegistry()).hookFiles;
  return files ? { [FLAVOR_HOOK_FILES_ENV]: JSON.stringify(files) } : {};
}

/**
 * The arguments of `zenml step-entrypoint` for one step. Only ids go on the command line:
 * the child reads everything else (and any secret) from the store itself. Without a step id:
 * the lean entrypoint's --step-from-stdin (the step's id is written to its stdin later).
 */
export function stepEntrypointArgs(ids: { snapshotId: string; stepId?: string; runId: string }): string[] {
  const step = ids.stepId === undefined ? ['--step-from-stdin'] : ['--step', ids.stepId];
  return ['step-entrypoint', '--snapshot', ids.snapshotId, ...step, '--run', ids.runId];
}
