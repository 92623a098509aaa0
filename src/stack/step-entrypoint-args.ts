import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `node <zenml>/bin/run.js`: how an out-of-process orchestrator starts the CLI of this installation. */
export function resolveCliEntrypoint(): { command: string; args: string[] } {
  // This file is <root>/dist/stack/ (or <root>/src/stack/ under tsx); bin/ is next to both.
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return { command: process.execPath, args: [join(root, 'bin', 'run.js')] };
}

/**
 * The arguments of `zenml step-entrypoint` for one step. Only ids go on the command line:
 * the child reads everything else (and any secret) from the store itself.
 */
export function stepEntrypointArgs(ids: { snapshotId: string; stepId: string; runId: string }): string[] {
  return ['step-entrypoint', '--snapshot', ids.snapshotId, '--step', ids.stepId, '--run', ids.runId];
}
