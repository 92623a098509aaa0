import type { ArtifactStore } from '../core/artifact-store.js';
import type { StepSpec } from '../core/snapshot.js';
import type { RunModel, StepRunModel } from '../core/entities.js';
import type { ZenStore } from '../store/zen-store.js';

/**
 * On a resumed run, a step that completed in the original run is not run again: it is
 * recorded as a cached step run whose outputs are the original's versions (whatever the
 * cache setting). Returns undefined when the original cannot be reused (not completed, or
 * an output's files are gone), and the step then runs normally.
 */
export async function reuseOriginalStepRun(store: ZenStore, artifactStore: ArtifactStore, run: RunModel, step: StepSpec, originalId: string): Promise<StepRunModel | undefined> {
  const original = await store.getStepRun(originalId).catch(() => undefined);
  if (!original || (original.status !== 'completed' && original.status !== 'cached')) return undefined;
  for (const versionId of Object.values(original.outputs)) {
    const version = await store.getArtifactVersion(versionId).catch(() => undefined);
    const path = version && artifactStore.pathOf(version.uri);
    if (path === undefined || !(await artifactStore.exists(path))) return undefined;
  }
  const stepRun = await store.createStepRun({
    runId: run.id,
    invocationId: step.id,
    stepName: step.stepName,
    status: 'running',
    cacheKey: original.cacheKey,
    parameters: step.parameters,
    config: { ...step.config },
    inputs: original.inputs,
    logsUri: original.logsUri,
  });
  return store.completeStepRun(stepRun.id, {
    status: 'cached',
    newVersions: [],
    reusedOutputs: original.outputs,
    originalStepRunId: original.originalStepRunId ?? original.id,
  });
}
