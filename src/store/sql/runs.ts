import { hostname } from 'node:os';
import { NotFoundError } from '../../errors.js';
import type { ExecutionStatus, Page, RunModel, StepRunModel } from '../models.js';
import type { NewRun, NewStepRun, RunFilter, RunUpdate, StepRunUpdate } from '../zen-store.js';
import type { DbOrTx } from './database.js';
import { fromJson, newId, now, orUndefined, paged, toJson } from './rows.js';
import type { PipelineRunsTable, StepRunsTable } from './schema.js';
import { addTags, tagsOf } from './tags.js';

type RunRow = PipelineRunsTable & { pipeline_name: string };

const toRun = (row: RunRow, tags: string[] = []): RunModel => ({
  id: row.id,
  name: row.name,
  pipelineId: row.pipeline_id,
  pipelineName: row.pipeline_name,
  snapshotId: row.snapshot_id,
  stackId: orUndefined(row.stack_id),
  status: row.status as ExecutionStatus,
  statusReason: orUndefined(row.status_reason),
  config: fromJson(row.config, {}),
  created: row.created,
  started: orUndefined(row.started),
  ended: orUndefined(row.ended),
  pid: orUndefined(row.pid),
  host: orUndefined(row.host),
  heartbeat: orUndefined(row.heartbeat),
  originalRunId: orUndefined(row.original_run_id),
  tags,
});

const runsQuery = (db: DbOrTx) =>
  db.selectFrom('pipeline_runs').innerJoin('pipelines', 'pipelines.id', 'pipeline_runs.pipeline_id').selectAll('pipeline_runs').select('pipelines.name as pipeline_name');

export async function createRun(db: DbOrTx, run: NewRun): Promise<RunModel> {
  const stamp = now();
  const id = newId();
  await db
    .insertInto('pipeline_runs')
    .values({
      id,
      name: run.name,
      pipeline_id: run.pipelineId,
      snapshot_id: run.snapshotId,
      stack_id: run.stackId ?? null,
      status: 'initializing',
      status_reason: null,
      config: toJson(run.config),
      created: stamp,
      started: stamp,
      ended: null,
      pid: process.pid,
      host: hostname(),
      heartbeat: stamp,
      original_run_id: run.originalRunId ?? null,
    })
    .execute();
  if (run.tags?.length) await addTags(db, 'pipeline_run', id, run.tags);
  return getRun(db, id);
}

export async function getRun(db: DbOrTx, nameOrId: string): Promise<RunModel> {
  const row = await runsQuery(db)
    .where((eb) => eb.or([eb('pipeline_runs.id', '=', nameOrId), eb('pipeline_runs.name', '=', nameOrId)]))
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`No pipeline run named or with id '${nameOrId}'.`, 'See `zenml pipeline runs list`.');
  return toRun(row, (await tagsOf(db, 'pipeline_run', [row.id])).get(row.id));
}

export async function runNameExists(db: DbOrTx, name: string): Promise<boolean> {
  return (await db.selectFrom('pipeline_runs').select('id').where('name', '=', name).executeTakeFirst()) !== undefined;
}

export async function listRuns(db: DbOrTx, filter: RunFilter = {}): Promise<Page<RunModel>> {
  let query = runsQuery(db);
  if (filter.pipeline) query = query.where((eb) => eb.or([eb('pipelines.name', '=', filter.pipeline!), eb('pipelines.id', '=', filter.pipeline!)]));
  if (filter.status) query = query.where('pipeline_runs.status', '=', filter.status);
  const page = await paged(query, filter, (q) => q.orderBy('pipeline_runs.created', 'desc').orderBy('pipeline_runs.id', 'desc'), (row) => toRun(row));
  const tags = await tagsOf(db, 'pipeline_run', page.items.map((r) => r.id));
  for (const item of page.items) item.tags = tags.get(item.id) ?? [];
  return page;
}

export async function updateRun(db: DbOrTx, id: string, update: RunUpdate): Promise<RunModel> {
  const values: Partial<PipelineRunsTable> = {};
  if (update.status !== undefined) values.status = update.status;
  if (update.statusReason !== undefined) values.status_reason = update.statusReason;
  if (update.started !== undefined) values.started = update.started;
  if (update.ended !== undefined) values.ended = update.ended;
  if (update.heartbeat !== undefined) values.heartbeat = update.heartbeat;
  if (Object.keys(values).length > 0) await db.updateTable('pipeline_runs').set(values).where('id', '=', id).execute();
  return getRun(db, id);
}

export async function deleteRun(db: DbOrTx, nameOrId: string): Promise<void> {
  const run = await getRun(db, nameOrId);
  await db.deleteFrom('pipeline_runs').where('id', '=', run.id).execute();
}

async function stepRunLinks(db: DbOrTx, ids: string[]) {
  const links = new Map<string, { inputs: Record<string, string>; outputs: Record<string, string> }>();
  for (const id of ids) links.set(id, { inputs: {}, outputs: {} });
  if (ids.length === 0) return links;
  const rows = await db.selectFrom('step_run_artifacts').selectAll().where('step_run_id', 'in', ids).execute();
  for (const row of rows) {
    const entry = links.get(row.step_run_id)!;
    (row.direction === 'input' ? entry.inputs : entry.outputs)[row.name] = row.artifact_version_id;
  }
  return links;
}

const toStepRun = (row: StepRunsTable, links: { inputs: Record<string, string>; outputs: Record<string, string> }): StepRunModel => ({
  id: row.id,
  runId: row.run_id,
  invocationId: row.invocation_id,
  stepName: row.step_name,
  status: row.status as ExecutionStatus,
  cacheKey: orUndefined(row.cache_key),
  cached: row.cached === 1,
  parameters: fromJson(row.parameters, {}),
  config: fromJson(row.config, {}),
  originalStepRunId: orUndefined(row.original_step_run_id),
  error: orUndefined(row.error),
  attempts: row.attempts,
  created: row.created,
  started: orUndefined(row.started),
  ended: orUndefined(row.ended),
  inputs: links.inputs,
  outputs: links.outputs,
});

export async function createStepRun(db: DbOrTx, stepRun: NewStepRun): Promise<StepRunModel> {
  const stamp = now();
  const row: StepRunsTable = {
    id: newId(),
    run_id: stepRun.runId,
    invocation_id: stepRun.invocationId,
    step_name: stepRun.stepName,
    status: stepRun.status,
    cache_key: stepRun.cacheKey ?? null,
    cached: 0,
    parameters: toJson(stepRun.parameters),
    config: toJson(stepRun.config),
    original_step_run_id: null,
    error: null,
    attempts: 0,
    created: stamp,
    started: stepRun.status === 'running' ? stamp : null,
    ended: null,
  };
  await db.insertInto('step_runs').values(row).execute();
  const inputs = Object.entries(stepRun.inputs).map(([name, id]) => ({ step_run_id: row.id, artifact_version_id: id, name, direction: 'input' }));
  if (inputs.length > 0) await db.insertInto('step_run_artifacts').values(inputs).execute();
  return toStepRun(row, { inputs: { ...stepRun.inputs }, outputs: {} });
}

export async function getStepRun(db: DbOrTx, id: string): Promise<StepRunModel> {
  const row = await db.selectFrom('step_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`No step run with id '${id}'.`);
  return toStepRun(row, (await stepRunLinks(db, [id])).get(id)!);
}

export async function listStepRuns(db: DbOrTx, runId: string): Promise<StepRunModel[]> {
  const rows = await db.selectFrom('step_runs').selectAll().where('run_id', '=', runId).orderBy('created').orderBy('invocation_id').execute();
  const links = await stepRunLinks(db, rows.map((r) => r.id));
  return rows.map((row) => toStepRun(row, links.get(row.id)!));
}

export async function updateStepRun(db: DbOrTx, id: string, update: StepRunUpdate): Promise<void> {
  const values: Partial<StepRunsTable> = {};
  if (update.status !== undefined) values.status = update.status;
  if (update.error !== undefined) values.error = update.error;
  if (update.attempts !== undefined) values.attempts = update.attempts;
  if (update.started !== undefined) values.started = update.started;
  if (update.ended !== undefined) values.ended = update.ended;
  if (Object.keys(values).length > 0) await db.updateTable('step_runs').set(values).where('id', '=', id).execute();
}

export async function findCachedStepRun(db: DbOrTx, cacheKey: string): Promise<StepRunModel | undefined> {
  const row = await db
    .selectFrom('step_runs')
    .selectAll()
    .where('cache_key', '=', cacheKey)
    .where('status', 'in', ['completed', 'cached'])
    .orderBy('created', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  return toStepRun(row, (await stepRunLinks(db, [row.id])).get(row.id)!);
}
