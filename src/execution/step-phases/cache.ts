import { existsSync } from 'node:fs';
import type { ArtifactStore } from '../../core/artifact-store.js';
import type { ArtifactVersionModel, StepRunModel } from '../../core/entities.js';
import type { NewStepRun, StartedStepRun, ZenStore } from '../../store/zen-store.js';
import type { ReusableCandidate, ReusableStepRun, StartedNow, StartedOrReusedStepRun } from '../../store/sql/run-start.js';
import type { SqlZenStore } from '../../store/sql/sql-zen-store.js';
import { computeCacheKey } from '../cache-key.js';
import type { StepRunRequest } from './request.js';

export const PROJECT_ID = 'default';

/** Phase 2a: the step's cache key, from its code, parameters, inputs' identities (`inputIds`: their versions' ids), outputs and its secrets' digests. */
export function stepCacheKey(request: StepRunRequest, inputVersions: Record<string, ArtifactVersionModel>, inputIds: Record<string, string>, secretDigests?: Record<string, string>): string {
  return computeCacheKey({
    secretDigests,
    projectId: PROJECT_ID,
    artifactStoreId: request.artifactStore.id,
    step: request.step,
    inputIdentities: Object.fromEntries(Object.entries(inputVersions).map(([name, version]) => [name, request.inputIdentities?.[name] ?? version.contentHash ?? version.id])),
    inputIds,
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
    if (path === undefined || !(await artifactStore.exists(path))) return outputGone(version);
  }
  return accepted(candidate, versions);
}

/** reusableCandidate without an expiration, at once, for an artifact store whose files are local (`localPath`). */
function reusableCandidateNow(artifactStore: ArtifactStore, candidate: ReusableCandidate, versions: Map<string, ArtifactVersionModel>): ReusableStepRun | CacheMissReason {
  for (const version of candidate.outputs) {
    const path = artifactStore.pathOf(version.uri);
    if (path === undefined || !existsSync(artifactStore.localPath!(path))) return outputGone(version);
  }
  return accepted(candidate, versions);
}

const outputGone = (version: ArtifactVersionModel): CacheMissReason => ({ reason: `output ${version.uri} of the cached step run is gone` });

/** The candidate's step run, its versions now known to the run. */
function accepted<S extends ReusableStepRun>(candidate: { stepRun: S; outputs: ArtifactVersionModel[] }, versions: Map<string, ArtifactVersionModel>): S {
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

type StartingStore = ZenStore & Partial<Pick<SqlZenStore, 'startStepRunNow' | 'startStepRunReusing'>>;

/** How StepRunStart starts a step run: without the cache, through the store's transaction alone, or reusing a candidate at once. */
type StartKind = 'uncached' | 'through-store' | 'reusing';

/**
 * How to start a step run, and with the cache on find the run it may reuse. Where the store
 * can (SQL, in this process), a candidate whose files are all here is completed as a cache
 * hit in the same write as the row's creation; and on SQLite, when the write can start at
 * once, it runs synchronously (a step start, cached or not, then takes no promise in the
 * store). The usual two writes (start, then completion as a hit) are needed with a store that
 * cannot call back (REST), a cache expiration (it reads the store), a queue that decides at
 * completion whether the run ends, or an artifact store whose checks go over the network
 * (they would hold the write lock). `missed` learns why a candidate was refused.
 *
 * One class, not an object of closures per kind, so the launcher's call of `now` meets one
 * function whatever the kind (V8 compiled it for one kind's closure and threw that code away
 * at the next kind's). The switch from uncached to cached steps still deoptimizes the
 * launcher once: a cache hit runs code an uncached step never reached.
 */
export class StepRunStart {
  private readonly store: StartingStore;
  private readonly kind: StartKind;

  constructor(private readonly request: StepRunRequest) {
    this.store = request.context.store as StartingStore;
    const { config } = request.step;
    if (!config.enableCache) this.kind = 'uncached';
    else if (!this.store.startStepRunReusing || config.cacheExpiration !== undefined || request.endsRun || !request.artifactStore.localPath) this.kind = 'through-store';
    else this.kind = 'reusing';
  }

  /** Undefined, nothing written, when the write cannot be done at once: use `later`. A candidate it refused was told to `missed`. */
  now(row: NewStepRun, missed: (reason: CacheMissReason) => void): StartedNow | undefined {
    if (this.kind === 'uncached') return this.store.startStepRunNow?.(row);
    if (this.kind === 'through-store') return undefined;
    const { artifactStore, versions } = this.request;
    return this.store.startStepRunNow?.(row, (candidate) => verdict(reusableCandidateNow(artifactStore, candidate, versions!), missed));
  }

  later(row: NewStepRun, missed: (reason: CacheMissReason) => void): Promise<StartedOrReusedStepRun> {
    if (this.kind !== 'reusing') return this.store.startStepRun(row, { useCache: this.kind === 'through-store' });
    const { artifactStore, versions } = this.request;
    return this.store.startStepRunReusing!(row, async (candidate) => verdict(await reusableCandidate(artifactStore, candidate, versions!), missed));
  }
}

/** A reusable candidate as the store takes it, or undefined after telling `missed` why it was refused. */
function verdict(hit: ReusableStepRun | CacheMissReason, missed: (reason: CacheMissReason) => void) {
  if ('id' in hit) return { originalStepRunId: hit.id, outputs: hit.outputs };
  missed(hit);
  return undefined;
}
