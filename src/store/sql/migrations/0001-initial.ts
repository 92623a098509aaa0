import type { Kysely } from 'kysely';

/** Pipelines, runs, step runs, artifacts, lineage, metadata, tags, stacks. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pipelines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('updated', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id').onDelete('cascade'))
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('source_file', 'text')
    .addColumn('source_export', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('pipeline_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id').onDelete('cascade'))
    .addColumn('snapshot_id', 'text', (c) => c.notNull().references('snapshots.id').onDelete('cascade'))
    .addColumn('stack_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('started', 'text')
    .addColumn('ended', 'text')
    .addColumn('pid', 'integer')
    .addColumn('host', 'text')
    .addColumn('heartbeat', 'text')
    .addColumn('original_run_id', 'text')
    .execute();
  // Keyset pagination over runs (newest first), optionally per pipeline or status.
  await db.schema.createIndex('runs_by_created').on('pipeline_runs').columns(['created', 'id']).execute();
  await db.schema.createIndex('runs_by_pipeline').on('pipeline_runs').columns(['pipeline_id', 'created', 'id']).execute();
  await db.schema.createIndex('runs_by_status').on('pipeline_runs').columns(['status', 'created', 'id']).execute();

  await db.schema
    .createTable('step_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('pipeline_runs.id').onDelete('cascade'))
    .addColumn('invocation_id', 'text', (c) => c.notNull())
    .addColumn('step_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('cache_key', 'text')
    .addColumn('cached', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('original_step_run_id', 'text')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('started', 'text')
    .addColumn('ended', 'text')
    .addUniqueConstraint('step_runs_run_invocation', ['run_id', 'invocation_id'])
    .execute();
  await db.schema.createIndex('step_runs_by_cache_key').on('step_runs').columns(['cache_key', 'status']).execute();

  await db.schema
    .createTable('artifacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('updated', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('artifact_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('artifact_id', 'text', (c) => c.notNull().references('artifacts.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('uri', 'text', (c) => c.notNull())
    .addColumn('artifact_store_id', 'text', (c) => c.notNull())
    .addColumn('materializer', 'text', (c) => c.notNull())
    .addColumn('data_type', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text')
    .addColumn('size', 'integer')
    .addColumn('producer_step_run_id', 'text')
    .addColumn('producer_run_id', 'text')
    .addColumn('visualizations', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created', 'text', (c) => c.notNull())
    .addUniqueConstraint('artifact_versions_number', ['artifact_id', 'version'])
    .execute();
  await db.schema.createIndex('artifact_versions_by_producer').on('artifact_versions').column('producer_step_run_id').execute();

  await db.schema
    .createTable('step_run_artifacts')
    .addColumn('step_run_id', 'text', (c) => c.notNull().references('step_runs.id').onDelete('cascade'))
    .addColumn('artifact_version_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('step_run_artifacts_pk', ['step_run_id', 'direction', 'name'])
    .execute();
  await db.schema.createIndex('step_run_artifacts_by_version').on('step_run_artifacts').columns(['artifact_version_id', 'direction']).execute();

  await db.schema
    .createTable('run_metadata')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('run_metadata_by_resource').on('run_metadata').columns(['resource_type', 'resource_id']).execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('color', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('tag_resources')
    .addColumn('tag_id', 'text', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tag_resources_pk', ['tag_id', 'resource_type', 'resource_id'])
    .execute();
  await db.schema.createIndex('tag_resources_by_resource').on('tag_resources').columns(['resource_type', 'resource_id']).execute();

  await db.schema
    .createTable('stack_components')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('flavor', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('updated', 'text', (c) => c.notNull())
    .addUniqueConstraint('stack_components_type_name', ['type', 'name'])
    .execute();
  await db.schema
    .createTable('stacks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('owner', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('updated', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('stack_composition')
    .addColumn('stack_id', 'text', (c) => c.notNull().references('stacks.id').onDelete('cascade'))
    .addColumn('component_id', 'text', (c) => c.notNull().references('stack_components.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('stack_composition_pk', ['stack_id', 'type'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'stack_composition', 'stacks', 'stack_components', 'tag_resources', 'tags', 'run_metadata',
    'step_run_artifacts', 'artifact_versions', 'artifacts', 'step_runs', 'pipeline_runs', 'snapshots', 'pipelines',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
