import type { ArtifactStore } from '../../core/artifact-store.js';
import type { ArtifactVersionModel, StepRunModel } from '../../core/entities.js';
import type { StartedStepRun } from '../../store/zen-store.js';
import { computeCacheKey } from '../cache-key.js';
import type { StepRunRequest } from './request.js';

export const PROJECT_ID = 'default';

/** Phase 2a: the step's cache key, from its code, parameters, inputs' identities, outputs and its secrets' digests. */
export function stepCacheKey(request: StepRunRequest, inputVersions: Record<string, ArtifactVersionModel>, secretDigests?: Record<string, string>): string {
  return computeCacheKey({
    secretDigests,
    projectId: PROJECT_ID,
    artifactStoreId: request.artifactStore.id,
    step: request.step,
    inputIdentities: Object.fromEntries(Object.entries(inputVersions).map(([name, version]) => [name, request.inputIdentities?.[name] ?? version.contentHash ?? version.id])),
  });
}

/**
 * The cache candidate the store found (see ZenStore.startStepRun), if every one of its output
 * files still exists; its versions then join the run's known versions.
 */
export async function reusableCandidate(
  artifactStore: ArtifactStore,
  candidate: NonNullable<StartedStepRun['cacheCandidate']>,
  versions: Map<string, ArtifactVersionModel>,
): Promise<StepRunModel | undefined> {
  for (const version of candidate.outputs) {
    const path = artifactStore.pathOf(version.uri);
    if (path === undefined || !(await artifactStore.exists(path))) return undefined;
  }
  for (const version of candidate.outputs) versions.set(version.id, version);
  return candidate.stepRun;
}
