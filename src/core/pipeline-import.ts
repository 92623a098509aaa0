import { processSingleton } from './process-state.js';

/** The pipeline file zenml is importing right now, and who imports it (for the warning). */
interface ImportState {
  file?: string;
  runner?: string;
}

const state = processSingleton<ImportState>('pipelineImport', () => ({}));

/**
 * Runs `body` (the import of a pipeline file) marked as such. A file that also calls its
 * own pipeline at top level (`await training()`, handy with `tsx train.ts`) would otherwise
 * run it once during the import and again for `zenml pipeline run`: pipeline calls made
 * while the mark is set are skipped (see `skippedImportRun`).
 */
export async function whileImportingPipelineFile<T>(file: string, runner: string, body: () => Promise<T>): Promise<T> {
  const previous = { ...state };
  state.file = file;
  state.runner = runner;
  try {
    return await body();
  } finally {
    state.file = previous.file;
    state.runner = previous.runner;
  }
}

/** When a pipeline file is being imported by zenml, the one-line warning a run started by that import prints instead of running. */
export function skippedImportRun(): string | undefined {
  if (!state.file) return undefined;
  return `Skipping the run that ${state.file} starts at import; ${state.runner ?? 'zenml'} runs it.`;
}
