import { AlreadyExistsError, NotFoundError } from '../../core/errors.js';
import type { Page } from '../../core/entities.js';
import type { NewSchedule, ScheduleFilter, ScheduleFiringClaim, ScheduleModel, ScheduleUpdate } from '../../core/schedule-entities.js';
import type { DbOrTx } from './database.js';
import { idOfNameIdOrPrefix, orderedBy, whereFilters } from './filters.js';
import { fromJson, newId, now, orUndefined, paged, toJson } from './rows.js';
import type { SchedulesTable } from './schema.js';
import { inProject, stampOf, type SqlScope } from './scope.js';

const FILTERS = { name: 'schedules.name', created: { column: 'schedules.created', date: true } } as const;
const SORTS = { name: 'schedules.name', created: 'schedules.created', updated: 'schedules.updated', next_fire_time: 'schedules.next_fire_time', nextFireTime: 'schedules.next_fire_time' };

type ScheduleRow = SchedulesTable & { pipeline_name: string };

const toSchedule = (row: ScheduleRow): ScheduleModel => ({
  id: row.id,
  name: row.name,
  pipelineId: row.pipeline_id,
  pipelineName: row.pipeline_name,
  sourceFile: row.source_file,
  sourceExport: orUndefined(row.source_export),
  runConfig: fromJson(row.run_config, {}),
  cronExpression: row.cron_expression,
  timezone: orUndefined(row.timezone),
  startTime: orUndefined(row.start_time),
  endTime: orUndefined(row.end_time),
  catchup: Number(row.catchup) === 1,
  active: Number(row.active) === 1,
  lastFired: orUndefined(row.last_fired),
  nextFireTime: orUndefined(row.next_fire_time),
  owner: orUndefined(row.user_id),
  created: row.created,
  updated: row.updated,
});

/** The scope's project's schedules only, like every project resource. */
const schedulesQuery = (db: DbOrTx, scope: SqlScope) =>
  db
    .selectFrom('schedules')
    .innerJoin('pipelines', 'pipelines.id', 'schedules.pipeline_id')
    .selectAll('schedules')
    .select('pipelines.name as pipeline_name')
    .where('schedules.project_id', '=', scope.projectId);

async function nameTaken(db: DbOrTx, scope: SqlScope, name: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('schedules').select('id').where('project_id', '=', scope.projectId).where('name', '=', name);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function createSchedule(db: DbOrTx, scope: SqlScope, schedule: NewSchedule): Promise<ScheduleModel> {
  const pipeline = await db.selectFrom('pipelines').select('id').where('id', '=', schedule.pipelineId).where('project_id', '=', scope.projectId).executeTakeFirst();
  if (!pipeline) throw new NotFoundError(`No pipeline with id '${schedule.pipelineId}' in this project.`, 'See `zenml pipeline list`.');
  if (await nameTaken(db, scope, schedule.name)) throw new AlreadyExistsError(`A schedule named '${schedule.name}' already exists.`, 'Choose another name with --name.');
  const stamp = now();
  const id = newId();
  await db
    .insertInto('schedules')
    .values({
      id,
      name: schedule.name,
      pipeline_id: schedule.pipelineId,
      source_file: schedule.sourceFile,
      source_export: schedule.sourceExport ?? null,
      run_config: toJson(schedule.runConfig),
      cron_expression: schedule.cronExpression,
      timezone: schedule.timezone ?? null,
      start_time: schedule.startTime ?? null,
      end_time: schedule.endTime ?? null,
      catchup: schedule.catchup ? 1 : 0,
      active: schedule.active ? 1 : 0,
      last_fired: null,
      next_fire_time: schedule.nextFireTime ?? null,
      created: stamp,
      updated: stamp,
      ...stampOf(scope),
    })
    .execute();
  return getSchedule(db, scope, id);
}

/** A schedule by name, id or unique id prefix. */
export async function getSchedule(db: DbOrTx, scope: SqlScope, nameOrId: string): Promise<ScheduleModel> {
  const notFound = () => new NotFoundError(`No schedule named or with id '${nameOrId}'.`, 'See `zenml pipeline schedule list`.');
  const id = await idOfNameIdOrPrefix(db, 'schedules', nameOrId, { kind: 'schedule', notFound, scope: inProject(scope) });
  const row = await schedulesQuery(db, scope).where('schedules.id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return toSchedule(row);
}

/** Newest first, unless sorted otherwise; `dueBefore` lists what a scheduler should fire (by next firing). */
export async function listSchedules(db: DbOrTx, scope: SqlScope, filter: ScheduleFilter = {}): Promise<Page<ScheduleModel>> {
  let query = whereFilters(schedulesQuery(db, scope), { name: filter.name, created: filter.created }, FILTERS);
  if (filter.pipeline) query = query.where((eb) => eb.or([eb('pipelines.name', '=', filter.pipeline!), eb('pipelines.id', '=', filter.pipeline!)]));
  if (filter.active !== undefined) query = query.where('schedules.active', '=', filter.active ? 1 : 0);
  if (filter.dueBefore) query = query.where('schedules.next_fire_time', 'is not', null).where('schedules.next_fire_time', '<=', filter.dueBefore);
  return paged(query, filter, (q) => orderedBy(q, filter.sortBy, SORTS, 'schedules.id', (d) => d.orderBy('schedules.created', 'desc').orderBy('schedules.id', 'desc')), toSchedule);
}

export async function updateSchedule(db: DbOrTx, scope: SqlScope, nameOrId: string, update: ScheduleUpdate): Promise<ScheduleModel> {
  const schedule = await getSchedule(db, scope, nameOrId);
  if (update.name !== undefined && update.name !== schedule.name && (await nameTaken(db, scope, update.name, schedule.id))) {
    throw new AlreadyExistsError(`A schedule named '${update.name}' already exists.`, 'Choose another name.');
  }
  const values: Partial<SchedulesTable> = { updated: now() };
  if (update.name !== undefined) values.name = update.name;
  if (update.active !== undefined) values.active = update.active ? 1 : 0;
  if (update.cronExpression !== undefined) values.cron_expression = update.cronExpression;
  if (update.timezone !== undefined) values.timezone = update.timezone;
  if (update.startTime !== undefined) values.start_time = update.startTime;
  if (update.endTime !== undefined) values.end_time = update.endTime;
  if (update.catchup !== undefined) values.catchup = update.catchup ? 1 : 0;
  if (update.runConfig !== undefined) values.run_config = toJson(update.runConfig);
  if (update.lastFired !== undefined) values.last_fired = update.lastFired;
  if (update.nextFireTime !== undefined) values.next_fire_time = update.nextFireTime;
  if (update.clearNextFireTime) values.next_fire_time = null;
  await db.updateTable('schedules').set(values).where('id', '=', schedule.id).execute();
  return getSchedule(db, scope, schedule.id);
}

/**
 * Takes one firing of an active schedule: moves `next_fire_time` from `claim.firing` to the
 * next one in a single conditional UPDATE, so of several schedulers reading the same due
 * firing exactly one wins. Returns the schedule as moved on, or undefined when another
 * scheduler took the firing first (or the schedule was paused, changed or deleted).
 */
export async function claimScheduleFiring(db: DbOrTx, scope: SqlScope, id: string, claim: ScheduleFiringClaim): Promise<ScheduleModel | undefined> {
  const result = await db
    .updateTable('schedules')
    .set({ next_fire_time: claim.nextFireTime ?? null, last_fired: claim.lastFired ?? claim.firing, updated: now() })
    .where('id', '=', id)
    .where('project_id', '=', scope.projectId)
    .where('active', '=', 1)
    .where('next_fire_time', '=', claim.firing)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return undefined;
  return getSchedule(db, scope, id);
}

/** Deletes the schedule; its runs stay, no longer linked to it. */
export async function deleteSchedule(db: DbOrTx, scope: SqlScope, nameOrId: string): Promise<void> {
  const schedule = await getSchedule(db, scope, nameOrId);
  await db.updateTable('pipeline_runs').set({ schedule_id: null }).where('schedule_id', '=', schedule.id).execute();
  await db.deleteFrom('schedules').where('id', '=', schedule.id).execute();
}
