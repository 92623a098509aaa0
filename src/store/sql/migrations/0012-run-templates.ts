import type { Kysely } from 'kysely';

/** Pipeline snapshots kept by name (ZenML's run templates): see core/run-template-entities.ts. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('run_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('pipeline_name', 'text', (c) => c.notNull())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('source_file', 'text', (c) => c.notNull())
    .addColumn('source_export', 'text')
    .addColumn('run_config', 'text', (c) => c.notNull())
    .addColumn('code_uri', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('artifact_store_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('run_templates_name_per_project').unique().on('run_templates').columns(['project_id', 'name']).execute();
  await db.schema.createIndex('run_templates_by_project_created').on('run_templates').columns(['project_id', 'created', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('run_templates').ifExists().execute();
}
