import type { ArtifactStore } from '../../core/artifact-store.js';
import type { ArtifactVersionModel, StepRunModel } from '../../core/entities.js';
import type { ZenStore } from '../../store/zen-store.js';
import { computeCacheKey } from '../cache-key.js';
import type { StepRunRequest } from './request.js';

export const PROJECT_ID = 'default';

/** Phase 2a: the step's cache key, from its code, parameters, inputs' identities and outputs. */
export function stepCacheKey(request: StepRunRequest, inputVersions: Record<string, ArtifactVersionModel>): string {
  return computeCacheKey({
    projectId: PROJECT_ID,
    artifactStoreId: request.artifactStore.id,
    step: request.step,
    inputIdentities: Object.fromEntries(Object.entries(inputVersions).map(([name, version]) => [name, version.contentHash ?? version.id])),
  });
}

/** A previous step run with this key whose output files all still exist. */
export async function reusableStepRun(
  store: ZenStore,
  artifactStore: ArtifactStore,
  cacheKey: string,
  versions: Map<string, ArtifactVersionModel>,
): Promise<StepRunModel | undefined> {
  const candidate = await store.findCachedStepRun(cacheKey);
  if (!candidate) return undefined;
  const found: ArtifactVersionModel[] = [];
  for (const versionId of Object.values(candidate.outputs)) {
    const version = versions.get(versionId) ?? (await store.getArtifactVersion(versionId).catch(() => undefined));
    const path = version && artifactStore.pathOf(version.uri);
    if (path === undefined || !(await artifactStore.exists(path))) return undefined;
    found.push(version!);
  }
  for (const version of found) versions.set(version.id, version);
  return candidate;
}
