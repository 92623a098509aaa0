import { ZenError } from '../core/errors.js';
import { currentStepContext } from '../context/step-context.js';
import type { MetadataValue } from '../core/materializer.js';
import { getZenContext } from '../context/zen-context.js';

export type MetadataTarget =
  | { stepRunId: string }
  | { runId: string }
  | { artifactVersionId: string }
  | { artifactName: string; artifactVersion?: number }
  | { modelVersionId: string };

/**
 * Attaches metadata to a step run, run, artifact version or model version. Inside a step
 * with no target it goes to the running step (and is also visible on its run).
 */
export async function logMetadata(metadata: Record<string, MetadataValue>, target?: MetadataTarget): Promise<void> {
  const step = currentStepContext();
  if (!target) {
    if (!step) throw new ZenError('logMetadata() outside a step needs a target, e.g. { runId } or { artifactName }.');
    Object.assign(step.stepMetadata, metadata);
    return;
  }
  const { store } = await getZenContext();
  if ('stepRunId' in target) {
    if (step && step.stepRun.id === target.stepRunId) Object.assign(step.stepMetadata, metadata);
    else await store.addMetadata('step_run', (await store.getStepRun(target.stepRunId)).id, metadata);
  } else if ('runId' in target) {
    if (step && step.run.id === target.runId) Object.assign(step.runMetadata, metadata);
    else await store.addMetadata('pipeline_run', (await store.getRun(target.runId)).id, metadata);
  } else if ('artifactVersionId' in target) {
    await store.addMetadata('artifact_version', (await store.getArtifactVersion(target.artifactVersionId)).id, metadata);
  } else if ('artifactName' in target) {
    await store.addMetadata('artifact_version', (await store.getArtifactVersion(target.artifactName, target.artifactVersion)).id, metadata);
  } else {
    await store.addMetadata('model_version', target.modelVersionId, metadata);
  }
}
