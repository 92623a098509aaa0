import type { ArtifactVersionModel, StepRunModel } from '../../core/entities.js';
import { crashPoint } from '../../core/crash-points.js';
import type { StepContextState } from '../../context/step-context.js';
import type { StepExtensionContext } from '../../context/step-extension.js';
import { STEP_EXTENSIONS } from '../step-extensions.js';
import { removeWritten, type WrittenOutput } from './outputs.js';
import { AlreadyExistsError } from '../../core/errors.js';
import type { StepRunRequest } from './request.js';
import type { SqlZenStore } from '../../store/sql/sql-zen-store.js';
import type { StepCompletion } from '../../store/zen-store.js';

/**
 * Phase 5: registers the written outputs and marks the step completed in one store
 * transaction (with the metadata the step logged, and the run's end when it is the last
 * step of a queued run), then lets the extensions react.
 */
export async function completeStep(
  request: StepRunRequest,
  stepRun: StepRunModel,
  state: StepContextState,
  written: WrittenOutput[],
  extensionContext: StepExtensionContext,
): Promise<{ completed: StepRunModel; endedRun: boolean }> {
  const { store } = request.context;
  const versions = request.versions!;
  // logMetadata() values are stored as the step logged them, minus the run's secret values.
  if (Object.keys(state.stepMetadata).length > 0) await store.addMetadata('step_run', stepRun.id, state.redactor.value(state.stepMetadata));
  if (Object.keys(state.runMetadata).length > 0) await store.addMetadata('pipeline_run', request.run.id, state.redactor.value(state.runMetadata));
  let completed: StepRunModel;
  const endRun = (await request.endsRun?.()) === true;
  const completion: StepCompletion = {
    status: 'completed',
    newVersions: written,
    endRun,
    onRegistered: (registered) => registered.forEach((version) => versions.set(version.id, version)),
  };
  try {
    // On SQLite in this process, at once when the write can start at once (see SqlZenStore.completeStepRunNow).
    completed = (store as Partial<Pick<SqlZenStore, 'completeStepRunNow'>>).completeStepRunNow?.(stepRun.id, completion) ?? (await store.completeStepRun(stepRun.id, completion));
  } catch (error) {
    // Another runner of the same step (a worker taken for dead that was not) completed it
    // first, or the run ended meanwhile (its driver died, it was stopped): the store refused
    // this completion, so ours are never registered and their files go.
    if (!(error instanceof AlreadyExistsError)) throw error;
    await removeWritten(request.artifactStore, written);
    return { completed: await store.getStepRun(stepRun.id), endedRun: false };
  }
  crashPoint('step:completed');
  await afterComplete(extensionContext, completed, versions);
  return { completed, endedRun: endRun };
}

/** Runs the extensions' afterComplete hooks with the step's output versions (also for cached and reused steps). */
export async function afterComplete(ctx: StepExtensionContext, stepRun: StepRunModel, versions: Map<string, ArtifactVersionModel>): Promise<void> {
  const extensions = STEP_EXTENSIONS.filter((extension) => extension.afterComplete);
  if (extensions.length === 0) return;
  // Most often the run knows every output already (it just wrote or reused them).
  const known = Object.values(stepRun.outputs).map((id) => versions.get(id));
  const outputs = known.every((version) => version !== undefined) ? known : await Promise.all(Object.values(stepRun.outputs).map((id) => versions.get(id) ?? ctx.context.store.getArtifactVersion(id)));
  for (const extension of extensions) await extension.afterComplete!(ctx, stepRun, outputs);
}
