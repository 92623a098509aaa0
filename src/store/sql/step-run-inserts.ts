import { AlreadyExistsError } from '../../core/errors.js';
import type { StepRunModel } from '../../core/entities.js';
import type { NewStepRun } from '../zen-store.js';
import type { DbOrTx } from './database.js';
import { multiRowInsert } from './multi-row-insert.js';
import { precompiled } from './precompiled.js';
import { isUniqueViolation, newId, now, toJson } from './rows.js';
import { toStepRun } from './runs.js';
import type { StepRunArtifactsTable, StepRunsTable } from './schema.js';

/**
 * How a step run is recorded: its row and its links, each in one statement. Each comes in
 * two forms: through the transaction (`createStepRun`), and at once (`createStepRunNow`) in
 * a write transaction whose work runs synchronously (see writeTransactionNow in database.ts);
 * the forms at once are whole or none by themselves (see insertStepRunRowNow).
 */

/** Every step run starts with this insert (see precompiled.ts). */
const insertStepRun = precompiled((db: DbOrTx, row: StepRunsTable) => db.insertInto('step_runs').values(row));

/** Up to this many links (a step's inputs and outputs) go in through a statement compiled once per count. */
const MAX_PRECOMPILED_LINKS = 8;
const links = multiRowInsert<StepRunArtifactsTable>('step_run_artifacts', ['step_run_id', 'artifact_version_id', 'name', 'direction']);

/** A step run's links to its input and output versions, in one statement (a cached step's input and output: one insert, not two). */
export async function insertLinks(db: DbOrTx, rows: StepRunArtifactsTable[]): Promise<void> {
  if (rows.length > MAX_PRECOMPILED_LINKS) await db.insertInto('step_run_artifacts').values(rows).execute();
  else await links.insert(db, rows);
}

/** insertLinks at once (see writeTransactionNow); the rows must fit one precompiled statement (linksFitNow). */
export function insertLinksNow(db: DbOrTx, rows: StepRunArtifactsTable[]): void {
  links.insertNow(db, rows);
}

/** Whether a step run with this many links can be recorded at once (createStepRunNow): its links take one precompiled statement. */
export function linksFitNow(count: number): boolean {
  return count <= MAX_PRECOMPILED_LINKS;
}

type StepRunState = Pick<StepRunsTable, 'status' | 'cached' | 'original_step_run_id' | 'attempts' | 'started' | 'ended' | 'created'>;
type CacheHit = { originalStepRunId: string; outputs: Record<string, string> };

function startState(stepRun: NewStepRun): StepRunState {
  const stamp = now();
  return { status: stepRun.status, cached: 0, original_step_run_id: null, attempts: stepRun.attempts ?? 0, started: stepRun.status === 'running' ? stamp : null, ended: null, created: stamp };
}

function cacheHitState(stepRun: NewStepRun, hit: CacheHit): StepRunState {
  const stamp = now();
  return { status: 'cached', cached: 1, original_step_run_id: hit.originalStepRunId, attempts: stepRun.attempts ?? 0, started: stamp, ended: stamp, created: stamp };
}

export async function createStepRun(db: DbOrTx, stepRun: NewStepRun): Promise<StepRunModel> {
  return insertStepRunRow(db, stepRun, startState(stepRun));
}

export function createStepRunNow(db: DbOrTx, stepRun: NewStepRun): StepRunModel {
  return insertStepRunRowNow(db, stepRun, startState(stepRun));
}

/**
 * A step run recorded as a cache hit of `originalStepRunId` at once, outputs included: the
 * row a step run created running and then completed as cached would end up as (its run
 * must still be active: see completeStepRun), in one insert instead of an insert and an update.
 */
export async function createCachedStepRun(db: DbOrTx, stepRun: NewStepRun, hit: CacheHit): Promise<StepRunModel> {
  return insertStepRunRow(db, stepRun, cacheHitState(stepRun, hit), hit.outputs);
}

export function createCachedStepRunNow(db: DbOrTx, stepRun: NewStepRun, hit: CacheHit): StepRunModel {
  return insertStepRunRowNow(db, stepRun, cacheHitState(stepRun, hit), hit.outputs);
}

/** Step runs this process created and has not completed yet, with their input links. */
const createdInputs = new Map<string, Record<string, string>>();
const MAX_REMEMBERED = 10_000;

/**
 * A step run's input links are written with it and never change, so its completion (in
 * this process, most often) need not read them back. Step runs that never complete (failed
 * ones) are forgotten when too many wait.
 */
function rememberInputs(id: string, inputs: Record<string, string>): void {
  if (createdInputs.size >= MAX_REMEMBERED) createdInputs.clear();
  createdInputs.set(id, { ...inputs });
}

/** The input links of a step run created in this process (see rememberInputs), once. */
export function takeCreatedInputs(id: string): Record<string, string> | undefined {
  const inputs = createdInputs.get(id);
  createdInputs.delete(id);
  return inputs;
}

async function insertStepRunRow(db: DbOrTx, stepRun: NewStepRun, state: StepRunState, outputs: Record<string, string> = {}): Promise<StepRunModel> {
  const row = stepRunRow(stepRun, state);
  await insertStepRun(db, row).catch((error: unknown) => {
    throw insertError(stepRun, error);
  });
  await insertLinks(db, linkRows(row.id, stepRun.inputs, outputs));
  return inserted(row, stepRun, outputs);
}

const deleteStepRun = precompiled((db: DbOrTx, p: { id: string }) => db.deleteFrom('step_runs').where('id', '=', p.id));

/**
 * insertStepRunRow at once; its links must fit one precompiled statement (linksFitNow). Whole
 * or none by itself (see SelfAtomic in commit-groups.ts): when the links' insert fails (SQLite
 * undoes that statement), the row inserted before it is deleted.
 */
function insertStepRunRowNow(db: DbOrTx, stepRun: NewStepRun, state: StepRunState, outputs: Record<string, string> = {}): StepRunModel {
  const row = stepRunRow(stepRun, state);
  try {
    insertStepRun.now(db, row);
  } catch (error) {
    throw insertError(stepRun, error);
  }
  try {
    insertLinksNow(db, linkRows(row.id, stepRun.inputs, outputs));
  } catch (error) {
    deleteStepRun.now(db, { id: row.id });
    throw error;
  }
  return inserted(row, stepRun, outputs);
}

function stepRunRow(stepRun: NewStepRun, state: StepRunState): StepRunsTable {
  return {
    id: newId(),
    run_id: stepRun.runId,
    invocation_id: stepRun.invocationId,
    step_name: stepRun.stepName,
    status: state.status,
    cache_key: stepRun.cacheKey ?? null,
    cached: state.cached,
    parameters: toJson(stepRun.parameters),
    config: toJson(stepRun.config),
    original_step_run_id: state.original_step_run_id,
    error: null,
    attempts: state.attempts,
    created: state.created,
    started: state.started,
    ended: state.ended,
    logs_uri: stepRun.logsUri ?? null,
  };
}

function linkRows(stepRunId: string, inputs: Record<string, string>, outputs: Record<string, string>): StepRunArtifactsTable[] {
  const rows: StepRunArtifactsTable[] = [];
  for (const name in inputs) rows.push({ step_run_id: stepRunId, artifact_version_id: inputs[name], name, direction: 'input' });
  for (const name in outputs) rows.push({ step_run_id: stepRunId, artifact_version_id: outputs[name], name, direction: 'output' });
  return rows;
}

function insertError(stepRun: NewStepRun, error: unknown): unknown {
  if (!isUniqueViolation(error)) return error;
  return new AlreadyExistsError(`Run ${stepRun.runId} already has a step run for invocation '${stepRun.invocationId}'.`, 'Update that step run instead.');
}

function inserted(row: StepRunsTable, stepRun: NewStepRun, outputs: Record<string, string>): StepRunModel {
  if (row.status !== 'cached') rememberInputs(row.id, stepRun.inputs);
  return toStepRun(row, { inputs: { ...stepRun.inputs }, outputs: { ...outputs } });
}
