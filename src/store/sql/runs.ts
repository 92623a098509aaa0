import { checkName } from '../../core/names.js';
import { hostname } from 'node:os';
import { sql } from '../../vendor/kysely.js';
import { AlreadyExistsError, NotFoundError } from '../../core/errors.js';
import type { ActiveRunOwner, ExecutionStatus, Page, RunModel, StepRunModel } from '../../core/entities.js';
import type { NewRun, RunFilter, RunUpdate, StepRunUpdate } from '../zen-store.js';
import type { DbOrTx } from './database.js';
import { decodeCursor, encodeCursor, fromJson, newId, now, orUndefined, pageOf, toJson } from './rows.js';
import type { PipelineRunsTable, StepRunsTable } from './schema.js';
import { addTags, countRows, taggedWith, tagsOf } from './tags.js';
import { idOfNameIdOrPrefix, orderedBy, resolveByNameIdOrPrefix, whereFilters, withIdPrefix } from './filters.js';
import { isPlainFilter } from '../../core/filters.js';
import { inProject, stampOf, type SqlScope } from './scope.js';
import { precompiled } from './precompiled.js';

/** The statuses of a run or step run still under way: what "active" means in the store's checks. */
export const ACTIVE_STATUSES = ['initializing', 'running', 'retrying'] as const satisfies readonly ExecutionStatus[];

const RUN_FILTERS = {
  name: 'pipeline_runs.name',
  created: { column: 'pipeline_runs.created', date: true },
  status: 'pipeline_runs.status',
  pipeline: 'pipelines.name',
} as const;
const RUN_SORTS = {
  name: 'pipeline_runs.name',
  created: 'pipeline_runs.created',
  started: 'pipeline_runs.started',
  ended: 'pipeline_runs.ended',
  status: 'pipeline_runs.status',
  pipeline: 'pipelines.name',
};

/** A filter value that is a plain value (no operator): an exact match. */
const isPlain = (value: string | undefined): value is string => value !== undefined && value !== '' && isPlainFilter(value);

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
  stopRequested: (row.stop_requested ?? undefined) as RunModel['stopRequested'],
  scheduleId: orUndefined(row.schedule_id),
  owner: orUndefined(row.user_id),
  tags,
});

const runsQuery = (db: DbOrTx) =>
  db.selectFrom('pipeline_runs').innerJoin('pipelines', 'pipelines.id', 'pipeline_runs.pipeline_id').selectAll('pipeline_runs').select('pipelines.name as pipeline_name');

export async function createRun(db: DbOrTx, scope: SqlScope, run: NewRun, status: 'initializing' | 'running' = 'initializing'): Promise<RunModel> {
  const stamp = now();
  const id = newId();
  checkName('Run name', run.name, { kind: 'label', pathSegment: true });
  if (await runNameExists(db, scope, run.name)) throw new AlreadyExistsError(`A run named '${run.name}' already exists.`, 'Choose another run name.');
  await db
    .insertInto('pipeline_runs')
    .values({
      id,
      name: run.name,
      pipeline_id: run.pipelineId,
      snapshot_id: run.snapshotId,
      stack_id: run.stackId ?? null,
      status,
      status_reason: null,
      config: toJson(run.config),
      created: stamp,
      started: stamp,
      ended: null,
      pid: run.pid ?? process.pid,
      host: run.host ?? hostname(),
      heartbeat: stamp,
      original_run_id: run.originalRunId ?? null,
      stop_requested: null,
      ...stampOf(scope),
      schedule_id: run.scheduleId ?? null,
    })
    .execute();
  if (run.tags?.length) await addTags(db, 'pipeline_run', id, run.tags);
  return knownRun(db, scope, id);
}

/** A run by id, name or unique id prefix (at least 4 characters, as ZenML's `run_id_name_or_prefix`). */
export async function getRun(db: DbOrTx, scope: SqlScope, nameOrId: string): Promise<RunModel> {
  const notFound = () => new NotFoundError(`No pipeline run named or with id '${nameOrId}'.`, 'See `zenml pipeline runs list`.');
  const id = await idOfNameIdOrPrefix(db, 'pipeline_runs', nameOrId, { kind: 'pipeline run', notFound, scope: inProject(scope) });
  const run = await runById(db, scope, id);
  if (!run) throw notFound();
  return run;
}

const runRowById = precompiled((db: DbOrTx, p: { id: string; projectId: string }) => runsQuery(db).where('pipeline_runs.id', '=', p.id).where('pipeline_runs.project_id', '=', p.projectId));

/**
 * The run with this id, when the caller has its id (a run it just created or updated: twice
 * per run and at every poll of a running one): no name-or-prefix resolution, and one
 * statement compiled once.
 */
async function runById(db: DbOrTx, scope: SqlScope, id: string): Promise<RunModel | undefined> {
  const [row] = await runRowById(db, { id, projectId: scope.projectId });
  return row && toRun(row, (await tagsOf(db, 'pipeline_run', [row.id])).get(row.id));
}

/** A run this store call itself created or holds the id of: missing only if removed meanwhile. */
async function knownRun(db: DbOrTx, scope: SqlScope, id: string): Promise<RunModel> {
  return (await runById(db, scope, id)) ?? getRun(db, scope, id);
}

export async function runNameExists(db: DbOrTx, scope: SqlScope, name: string): Promise<boolean> {
  return (await db.selectFrom('pipeline_runs').select('id').where('project_id', '=', scope.projectId).where('name', '=', name).executeTakeFirst()) !== undefined;
}

/**
 * Newest runs first. A page walks the (pipeline, status, created, id) indexes: by keyset when
 * `after` is given (no OFFSET scan however deep), and the total comes from the counters
 * migration 0004 keeps, so no page counts the runs table. The counters know only exact
 * pipelines and statuses: a name, date, tag or operator filter counts the runs it selects.
 * A `sortBy` other than the default pages by offset and gives no `next` cursor.
 */
export async function listRuns(db: DbOrTx, scope: SqlScope, filter: RunFilter = {}): Promise<Page<RunModel>> {
  return runsPage(await readRunsPage(db, scope, filter));
}

/** What a page of runs is read as: rows, total and tags, immutable, so a cache may keep it. */
export interface RunsPageRead {
  rows: readonly RunRow[];
  total: number;
  tags: ReadonlyMap<string, readonly string[]>;
  page: number;
  size: number;
  sorted: boolean;
}

/** Fresh models from a page read (callers may change what they get). */
export function runsPage(read: RunsPageRead): Page<RunModel> {
  const { rows, total, page, size, sorted } = read;
  const items = rows.slice(0, size).map((row) => toRun(row, [...(read.tags.get(row.id) ?? [])]));
  const last = items.at(-1);
  return { items, total, page, size, ...(rows.length > size && last && !sorted ? { next: encodeCursor([last.created, last.id]) } : {}) };
}

export async function readRunsPage(db: DbOrTx, scope: SqlScope, filter: RunFilter = {}): Promise<RunsPageRead> {
  const { page, size, offset } = pageOf(filter);
  let pipelineId: string | undefined;
  const plainPipeline = isPlain(filter.pipeline);
  if (plainPipeline) {
    const pipeline = await db.selectFrom('pipelines').select('id').where('project_id', '=', scope.projectId).where((eb) => eb.or([eb('id', '=', filter.pipeline!), eb('name', '=', filter.pipeline!)])).executeTakeFirst();
    if (!pipeline) return { rows: [], total: 0, tags: new Map(), page, size, sorted: false };
    pipelineId = pipeline.id;
  }
  const plainStatus = isPlain(filter.status);
  let query = runsQuery(db).where('pipeline_runs.project_id', '=', scope.projectId);
  if (pipelineId) query = query.where('pipeline_runs.pipeline_id', '=', pipelineId);
  if (plainStatus) query = query.where('pipeline_runs.status', '=', filter.status!);
  query = whereFilters(query, { name: filter.name, created: filter.created, status: plainStatus ? undefined : filter.status, pipeline: plainPipeline ? undefined : filter.pipeline }, RUN_FILTERS);
  if (filter.tag) query = query.where('pipeline_runs.id', 'in', taggedWith(db, 'pipeline_run', filter.tag));
  if (filter.scheduleId) query = query.where('pipeline_runs.schedule_id', '=', filter.scheduleId);
  const filtered = query;
  const sorted = filter.sortBy !== undefined && filter.sortBy !== '';
  const cursor = filter.after && !sorted ? decodeCursor(filter.after) : undefined;
  if (cursor) query = query.where(sql<boolean>`(pipeline_runs.created, pipeline_runs.id) < (${cursor[0]}, ${cursor[1]})`);
  const rows = await orderedBy(query, filter.sortBy, RUN_SORTS, 'pipeline_runs.id', (q) => q.orderBy('pipeline_runs.created', 'desc').orderBy('pipeline_runs.id', 'desc'))
    .limit(size + 1)
    .offset(cursor ? 0 : offset)
    .execute();
  let counts = db.selectFrom('run_counts').select((eb) => eb.fn.sum<number>('n').as('total'));
  // A pipeline belongs to one project; without one, the project's pipelines bound the counters.
  if (pipelineId) counts = counts.where('pipeline_id', '=', pipelineId);
  else counts = counts.where('pipeline_id', 'in', db.selectFrom('pipelines').select('id').where('project_id', '=', scope.projectId));
  if (plainStatus) counts = counts.where('status', '=', filter.status!);
  const countsApply = !filter.tag && !filter.scheduleId && !filter.name && !filter.created && (!filter.status || plainStatus) && (!filter.pipeline || plainPipeline);
  const total = countsApply ? Number((await counts.executeTakeFirst())?.total ?? 0) : await countRows(filtered);
  const tags = await tagsOf(db, 'pipeline_run', rows.slice(0, size).map((row) => row.id));
  return { rows, total, tags, page, size, sorted };
}

export async function updateRun(db: DbOrTx, scope: SqlScope, id: string, update: RunUpdate): Promise<RunModel> {
  const values: Partial<PipelineRunsTable> = {};
  if (update.status !== undefined) values.status = update.status;
  if (update.statusReason !== undefined) values.status_reason = update.statusReason;
  if (update.started !== undefined) values.started = update.started;
  if (update.ended !== undefined) values.ended = update.ended;
  if (update.heartbeat !== undefined) values.heartbeat = update.heartbeat;
  if (update.stopRequested !== undefined) values.stop_requested = update.stopRequested;
  if (update.pid === null) values.pid = null;
  if (Object.keys(values).length > 0) await db.updateTable('pipeline_runs').set(values).where('id', '=', id).where('project_id', '=', scope.projectId).execute();
  return knownRun(db, scope, id);
}

export async function deleteRun(db: DbOrTx, scope: SqlScope, nameOrId: string): Promise<void> {
  const run = await getRun(db, scope, nameOrId);
  await db.deleteFrom('pipeline_runs').where('id', '=', run.id).execute();
}

const linksOfOne = precompiled((db: DbOrTx, p: { id: string }) => db.selectFrom('step_run_artifacts').selectAll().where('step_run_id', '=', p.id));

/** One step run's links at once, in a write transaction that owns its connection (see writeTransactionNow). */
export function stepRunLinksNow(db: DbOrTx, id: string): StepRunLinks {
  const links: StepRunLinks = { inputs: {}, outputs: {} };
  for (const row of linksOfOne.now(db, { id })) addLink(links, row.direction, row.name, row.artifact_version_id);
  return links;
}

export async function stepRunLinks(db: DbOrTx, ids: string[]) {
  const links = new Map<string, StepRunLinks>();
  for (const id of ids) links.set(id, { inputs: {}, outputs: {} });
  if (ids.length === 0) return links;
  // One step run's links are read after every step: that query is compiled once.
  const rows = ids.length === 1 ? await linksOfOne(db, { id: ids[0] }) : await db.selectFrom('step_run_artifacts').selectAll().where('step_run_id', 'in', ids).execute();
  for (const row of rows) addLink(links.get(row.step_run_id)!, row.direction, row.name, row.artifact_version_id);
  return links;
}

export type StepRunLinks = { inputs: Record<string, string>; outputs: Record<string, string> };

export function addLink(links: StepRunLinks, direction: string, name: string, versionId: string): void {
  (direction === 'input' ? links.inputs : links.outputs)[name] = versionId;
}

export const toStepRun = (row: StepRunsTable, links: StepRunLinks): StepRunModel => ({
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
  logsUri: orUndefined(row.logs_uri),
  inputs: links.inputs,
  outputs: links.outputs,
});

/** A step run by its id, or by a unique prefix of it (tables show step run ids cut to 8 characters). */
export async function getStepRun(db: DbOrTx, idOrPrefix: string): Promise<StepRunModel> {
  const stepRunOf = (id: string) => db.selectFrom('step_runs').selectAll().where('id', '=', id).executeTakeFirst();
  let row = await stepRunOf(idOrPrefix);
  if (!row) {
    const notFound = () => new NotFoundError(`No step run with id '${idOrPrefix}'.`, 'See `zenml step runs list --run <run>` for the ids of a run\'s steps.');
    const id = await resolveByNameIdOrPrefix({ exact: async () => undefined, idPrefix: (prefix) => stepRunsWithIdPrefix(db, prefix) }, idOrPrefix, 'step run', notFound);
    row = (await stepRunOf(id))!;
  }
  return toStepRun(row, (await stepRunLinks(db, [row.id])).get(row.id)!);
}

/** Step runs whose id starts with `prefix`, named by their step (a range on the primary key). */
async function stepRunsWithIdPrefix(db: DbOrTx, prefix: string): Promise<Array<{ id: string; name: string }>> {
  return withIdPrefix(db.selectFrom('step_runs').select(['id', 'invocation_id as name']).orderBy('id'), 'id', prefix).execute();
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
  if (update.logsUri !== undefined) values.logs_uri = update.logsUri;
  if (Object.keys(values).length === 0) return;
  let query = db.updateTable('step_runs').set(values).where('id', '=', id);
  // A completed step run stays completed: a worker that took over a step it believed abandoned
  // must not reopen it after the first worker finished it (its completion is then refused).
  if (update.status !== undefined && !['completed', 'cached'].includes(update.status)) query = query.where('status', 'not in', ['completed', 'cached']);
  await query.execute();
}

/** Who owns each active run (initializing, running, retrying). One indexed read. */
export async function listActiveRunOwners(db: DbOrTx): Promise<ActiveRunOwner[]> {
  return db.selectFrom('pipeline_runs').select(['id', 'pid', 'host', 'heartbeat', 'created']).where('status', 'in', ACTIVE_STATUSES).execute();
}

/**
 * Marks runs failed with `reason`, and their running steps with them. Each update re-checks
 * the status, so a run that finished meanwhile keeps its final status. Returns the ids marked.
 * A run found dead ended when it was last known alive, at its last heartbeat, not when
 * someone noticed: its duration stays true however late that was (a running step that
 * started after that beat ends when it started).
 */
export async function failRuns(db: DbOrTx, ids: string[], reason: string): Promise<string[]> {
  const marked: string[] = [];
  for (const id of ids) {
    const owner = await db.selectFrom('pipeline_runs').select(['heartbeat', 'created']).where('id', '=', id).where('status', 'in', ACTIVE_STATUSES).executeTakeFirst();
    if (!owner) continue;
    const lastAlive = owner.heartbeat ?? owner.created;
    const result = await db
      .updateTable('pipeline_runs')
      .set({ status: 'failed', status_reason: reason, ended: lastAlive })
      .where('id', '=', id)
      .where('status', 'in', ACTIVE_STATUSES)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) continue;
    const steps = db.updateTable('step_runs').where('run_id', '=', id).where('status', 'in', ACTIVE_STATUSES);
    await steps.set({ status: 'failed', error: reason, ended: lastAlive }).where((eb) => eb.or([eb('started', 'is', null), eb('started', '<=', lastAlive)])).execute();
    await steps.set((eb) => ({ status: 'failed', error: reason, ended: eb.ref('started') })).execute();
    marked.push(id);
  }
  return marked;
}

/** Marks the still-active steps of a run with `status` (a stop: `stopped`). */
export async function endActiveStepRuns(db: DbOrTx, runId: string, status: ExecutionStatus, reason: string): Promise<void> {
  await db
    .updateTable('step_runs')
    .set({ status, error: reason, ended: now() })
    .where('run_id', '=', runId)
    .where('status', 'in', ACTIVE_STATUSES)
    .execute();
}
