import { checkName } from '../../core/names.js';
import { nodeCrypto } from '../../core/lazy-crypto.js';
import { AlreadyExistsError } from '../../core/errors.js';
import type { ArtifactVersionModel } from '../../core/entities.js';
import type { NewStepRun, RunStart, StartedRun, StartedStepRun } from '../zen-store.js';
import { completeStepRun } from './artifacts.js';
import { findCacheCandidate, findCacheCandidateNow, type ReusableStepRun } from './cache-lookup.js';
import type { DbOrTx } from './database.js';
import { isPostgres } from './dialect.js';
import { createSnapshot, getOrCreatePipeline } from './pipelines.js';
import { createRun, runNameExists } from './runs.js';
import { createCachedStepRun, createCachedStepRunNow, createStepRun, createStepRunNow, linksFitNow } from './step-run-inserts.js';
import type { SqlScope } from './scope.js';

/** Tries a generated name takes before giving up (each suffix is 24 random bits). */
const SUFFIX_TRIES = 5;

/**
 * A launcher's first writes as one transaction: the run's name is settled first, so a name
 * that is taken (and may not be altered) leaves the store untouched.
 */
export async function startRun(tx: DbOrTx, scope: SqlScope, start: RunStart): Promise<StartedRun> {
  // The store holds every client (a server's too) to the name rule, before writing anything.
  checkName('Pipeline name', start.pipeline.name, { kind: 'label' });
  checkName('Run name', start.run.name, { kind: 'label', pathSegment: true });
  const name = await freeRunName(tx, scope, start.run.name, start.onNameTaken);
  const pipeline = await getOrCreatePipeline(tx, scope, start.pipeline.name, start.pipeline.description);
  const snapshot = await createSnapshot(tx, { ...start.snapshot, pipelineId: pipeline.id });
  const run = await createRun(tx, scope, { ...start.run, name, pipelineId: pipeline.id, snapshotId: snapshot.id }, start.status);
  return { pipeline, snapshot, run };
}

async function freeRunName(tx: DbOrTx, scope: SqlScope, name: string, onNameTaken: RunStart['onNameTaken']): Promise<string> {
  if (!(await runNameExists(tx, scope, name))) return name;
  if (onNameTaken === 'suffix') {
    for (let attempt = 0; attempt < SUFFIX_TRIES; attempt++) {
      const suffixed = `${name}-${nodeCrypto().randomBytes(3).toString('hex')}`;
      if (!(await runNameExists(tx, scope, suffixed))) return suffixed;
    }
  }
  throw new AlreadyExistsError(`A run named '${name}' already exists.`, 'Choose another run name.');
}

/**
 * The launcher's verdict on a cache candidate, given while the step run is being started:
 * the step run to copy (its outputs by name) when it may be reused, else undefined. Called
 * inside the write transaction, so it must not use the store itself.
 */
export type ReuseCheck = (candidate: NonNullable<StartedStepRun['cacheCandidate']>) => Promise<ReuseVerdict>;
export type ReuseVerdict = { originalStepRunId: string; outputs: Record<string, string> } | undefined;
/** A ReuseCheck that decides at once (startStepRunNow), on what a hit needs of the candidate. */
export type ReuseCheckNow = (candidate: ReusableCandidate) => ReuseVerdict;
export type ReusableCandidate = { stepRun: ReusableStepRun; outputs: ArtifactVersionModel[] };
export type { ReusableStepRun };

/** The step run, completed as a cache hit (`reused`) when the ReuseCheck said so. */
export type StartedOrReusedStepRun = StartedStepRun & { reused?: boolean };

/**
 * Creates the step run, and with `useCache` looks up the step run it may reuse first: a
 * candidate whose outputs are all still registered (in this project) comes back with them,
 * and the new row is recorded as a cache hit would be (the candidate's logs, no attempt).
 * With `reuse` (in-process callers only), a candidate it accepts is also completed as a
 * cache hit in the same transaction: one write for a cached step instead of two.
 */
export async function startStepRun(tx: DbOrTx, scope: SqlScope, stepRun: NewStepRun, options: { useCache?: boolean; reuse?: ReuseCheck } = {}): Promise<StartedOrReusedStepRun> {
  const found = options.useCache && stepRun.cacheKey ? await findCacheCandidate(tx, scope, stepRun.cacheKey, stepRun.runId) : undefined;
  if (!found?.outputs) return { stepRun: await createStepRun(tx, stepRun) };
  const cacheCandidate = { stepRun: found.stepRun, outputs: found.outputs };
  const hit = await options.reuse?.(cacheCandidate);
  const row = { ...stepRun, attempts: 0, logsUri: found.stepRun.logsUri };
  if (!hit) return { stepRun: await createStepRun(tx, row), cacheCandidate };
  // On SQLite the transaction holds the whole database, so the run read active with the
  // candidate stays so: the row goes in as the cache hit it is. PostgreSQL's runs may end
  // meanwhile; there, and on a run that ended (whose completion is refused), the row is
  // created and then completed.
  if (!isPostgres(tx) && found.runActive) return { stepRun: await createCachedStepRun(tx, row, hit), cacheCandidate, reused: true };
  const created = await createStepRun(tx, row);
  const completion = { status: 'cached' as const, newVersions: [], reusedOutputs: hit.outputs, originalStepRunId: hit.originalStepRunId };
  // Created just above in this transaction: its input links are known, none need reading back.
  const { stepRun: completed } = await completeStepRun(tx, scope, created.id, completion, created.inputs);
  return { stepRun: completed, cacheCandidate, reused: true };
}

/**
 * startStepRun at once, in a SQLite write transaction whose work runs synchronously (see
 * writeTransactionNow in database.ts): with a `reuse` check as with the cache on (a cached
 * step's whole write), without one as with it off. Undefined, having written nothing, where
 * that takes more than this: a hit on a run that ended (its completion is refused, see
 * startStepRun) or more links than one precompiled statement takes; the caller then starts
 * the step run through the transaction. Whole or none by itself, without a savepoint (see
 * SelfAtomic in commit-groups.ts): its one write is a createStepRunNow or a
 * createCachedStepRunNow, which are.
 */
export function startStepRunNow(tx: DbOrTx, scope: SqlScope, stepRun: NewStepRun, reuse?: ReuseCheckNow): StartedNow | undefined {
  const inputCount = Object.keys(stepRun.inputs).length;
  const found = reuse && stepRun.cacheKey ? findCacheCandidateNow(tx, scope, stepRun.cacheKey, stepRun.runId) : undefined;
  // Every result has one shape (reused false or true): the step launcher reads them all at one place, which V8 compiles for the shapes it has met.
  if (!found?.outputs) return linksFitNow(inputCount) ? { stepRun: createStepRunNow(tx, stepRun), reused: false } : undefined;
  const hit = reuse!({ stepRun: found.stepRun, outputs: found.outputs });
  const row = { ...stepRun, attempts: 0, logsUri: found.stepRun.logsUri };
  if (!hit) return linksFitNow(inputCount) ? { stepRun: createStepRunNow(tx, row), reused: false } : undefined;
  if (!found.runActive || !linksFitNow(inputCount + Object.keys(hit.outputs).length)) return undefined;
  return { stepRun: createCachedStepRunNow(tx, row, hit), reused: true };
}

/**
 * What startStepRunNow did: the step run, completed as a cache hit (`reused`), or created (with
 * the candidate's logs when its ReuseCheckNow refused it: the check itself learned why).
 */
export type StartedNow = Omit<StartedOrReusedStepRun, 'cacheCandidate'>;
