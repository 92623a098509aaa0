import type { ArtifactStore } from '../../core/artifact-store.js';
import type { ArtifactVersionModel, StepRunModel } from '../../core/entities.js';
import type { NewStepRun, StartedStepRun, ZenStore } from '../../store/zen-store.js';
import type { StartedOrReusedStepRun } from '../../store/sql/run-start.js';
import type { SqlZenStore } from '../../store/sql/sql-zen-store.js';
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
    inputIds: Object.fromEntries(Object.entries(inputVersions).map(([name, version]) => [name, version.id])),
  });
}

/** Why a found cache entry is not reused, for the step's log. */
export type CacheMissReason = { reason: string };

/**
 * The cache candidate the store found (see ZenStore.startStepRun), if it has not expired
 * (`expiration`, seconds) and every one of its output files still exists; its versions then
 * join the run's known versions. Otherwise, why not.
 */
export async function reusableCandidate(
  artifactStore: ArtifactStore,
  candidate: NonNullable<StartedStepRun['cacheCandidate']>,
  versions: Map<string, ArtifactVersionModel>,
  expiration?: { seconds: number; store: ZenStore },
): Promise<StepRunModel | CacheMissReason> {
  if (expiration) {
    const computed = await computedAt(candidate, expiration.store);
    const age = (Date.now() - Date.parse(computed)) / 1000;
    if (!(age <= expiration.seconds)) return { reason: `cache entry computed ${computed} expired (cacheExpiration ${expiration.seconds} s)` };
  }
  for (const version of candidate.outputs) {
    const path = artifactStore.pathOf(version.uri);
    if (path === undefined || !(await artifactStore.exists(path))) return { reason: `output ${version.uri} of the cached step run is gone` };
  }
  for (const version of candidate.outputs) versions.set(version.id, version);
  return candidate.stepRun;
}

/**
 * When the cached result was computed: its oldest output's creation, or for a step without
 * outputs the run that executed it (a cache hit only copies it, so hits never extend its life).
 */
async function computedAt(candidate: NonNullable<StartedStepRun['cacheCandidate']>, store: ZenStore): Promise<string> {
  const created = candidate.outputs.map((version) => version.created).sort();
  if (created.length > 0) return created[0];
  const original = candidate.stepRun.originalStepRunId ? await store.getStepRun(candidate.stepRun.originalStepRunId).catch(() => candidate.stepRun) : candidate.stepRun;
  return original.ended ?? original.started ?? original.created;
}

/**
 * Starts a step run with the cache on in one store write when the store can (SQL, in this
 * process): a candidate whose files are all here is completed as a cache hit in the same
 * transaction as the row's creation. Undefined when the usual two writes are needed: a
 * store that cannot call back (REST), a cache expiration (it reads the store), a queue that
 * decides at completion whether the run ends, or an artifact store whose checks go over the
 * network (they would hold the write lock). `missed` learns why a candidate was refused.
 */
export function startInOneWrite(request: StepRunRequest): ((row: NewStepRun, missed: (reason: CacheMissReason) => void) => Promise<StartedOrReusedStepRun>) | undefined {
  const store = request.context.store as Partial<Pick<SqlZenStore, 'startStepRunReusing'>>;
  const { config } = request.step;
  if (!store.startStepRunReusing || !config.enableCache || config.cacheExpiration !== undefined || request.endsRun || !request.artifactStore.localPath) return undefined;
  const startStepRunReusing = store.startStepRunReusing;
  return (row, missed) =>
    startStepRunReusing(row, async (candidate) => {
      const hit = await reusableCandidate(request.artifactStore, candidate, request.versions!);
      if ('id' in hit) return { originalStepRunId: hit.id, outputs: hit.outputs };
      missed(hit);
      return undefined;
    });
}