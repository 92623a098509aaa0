import type { Kysely } from 'kysely';
import { sql } from '../../../vendor/kysely.js';

/** Models, their versions, stage history, and links to artifact versions and runs. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('license', 'text')
    .addColumn('audience', 'text')
    .addColumn('use_cases', 'text')
    .addColumn('limitations', 'text')
    .addColumn('trade_offs', 'text')
    .addColumn('ethics', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('updated', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('model_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull().references('models.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('stage', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('stage_changed_by', 'text')
    .addColumn('stage_changed_at', 'text')
    .addColumn('producer_run_id', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('updated', 'text', (c) => c.notNull())
    .addUniqueConstraint('model_versions_number', ['model_id', 'number'])
    .addUniqueConstraint('model_versions_name', ['model_id', 'name'])
    .execute();
  // The database itself refuses a second holder of staging or production.
  await db.schema
    .createIndex('model_versions_one_per_stage')
    .on('model_versions')
    .columns(['model_id', 'stage'])
    .unique()
    .where(sql.ref('stage'), 'in', sql`('staging', 'production')`)
    .execute();
  // Steps of one run share the version the run created; this makes that race-free across processes.
  await db.schema
    .createIndex('model_versions_one_per_run')
    .on('model_versions')
    .columns(['model_id', 'producer_run_id'])
    .unique()
    .where(sql.ref('producer_run_id'), 'is not', null)
    .execute();
  await db.schema.createIndex('model_versions_by_created').on('model_versions').columns(['created', 'id']).execute();

  await db.schema
    .createTable('model_stage_transitions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_version_id', 'text', (c) => c.notNull().references('model_versions.id').onDelete('cascade'))
    .addColumn('from_stage', 'text', (c) => c.notNull())
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('model_stage_transitions_by_version').on('model_stage_transitions').columns(['model_version_id', 'created']).execute();

  await db.schema
    .createTable('model_version_artifacts')
    .addColumn('model_version_id', 'text', (c) => c.notNull().references('model_versions.id').onDelete('cascade'))
    .addColumn('artifact_version_id', 'text', (c) => c.notNull().references('artifact_versions.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_version_artifacts_pk', ['model_version_id', 'artifact_version_id'])
    .execute();
  await db.schema.createIndex('model_version_artifacts_by_type').on('model_version_artifacts').columns(['model_version_id', 'type']).execute();
  await db.schema.createIndex('model_version_artifacts_by_artifact').on('model_version_artifacts').column('artifact_version_id').execute();

  await db.schema
    .createTable('model_version_runs')
    .addColumn('model_version_id', 'text', (c) => c.notNull().references('model_versions.id').onDelete('cascade'))
    .addColumn('run_id', 'text', (c) => c.notNull().references('pipeline_runs.id').onDelete('cascade'))
    .addColumn('created', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_version_runs_pk', ['model_version_id', 'run_id'])
    .execute();
  await db.schema.createIndex('model_version_runs_by_run').on('model_version_runs').column('run_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['model_version_runs', 'model_version_artifacts', 'model_stage_transitions', 'model_versions', 'models']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
