import type { Kysely } from 'kysely';

/**
 * Schedules (ZenML's `Schedule`): a pipeline file and run config fired on a cron expression,
 * and the schedule each run came from. `next_fire_time` is also the claim token: a scheduler
 * takes a firing by moving it on only if it still holds the value it read, so two schedulers
 * never fire the same firing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id').onDelete('cascade'))
    .addColumn('source_file', 'text', (c) => c.notNull())
    .addColumn('source_export', 'text')
    .addColumn('run_config', 'text', (c) => c.notNull())
    .addColumn('cron_expression', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text')
    .addColumn('start_time', 'text')
    .addColumn('end_time', 'text')
    .addColumn('catchup', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_fired', 'text')
    .addColumn('next_fire_time', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('updated', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('schedules_by_next_fire').on('schedules').columns(['active', 'next_fire_time']).execute();
  await db.schema.alterTable('pipeline_runs').addColumn('schedule_id', 'text').execute();
  await db.schema.createIndex('runs_by_schedule').on('pipeline_runs').columns(['schedule_id', 'created']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('runs_by_schedule').ifExists().execute();
  await db.schema.alterTable('pipeline_runs').dropColumn('schedule_id').execute();
  await db.schema.dropIndex('schedules_by_next_fire').ifExists().execute();
  await db.schema.dropTable('schedules').ifExists().execute();
}
