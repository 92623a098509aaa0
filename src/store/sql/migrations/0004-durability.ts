import type { Kysely } from 'kysely';
import { sql } from '../../../vendor/kysely.js';

/**
 * Stop requests, and what keeps lists fast on big stores: row counters kept by triggers
 * (so a page's total never counts a huge table) and indexes for filtered keyset pages.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // 'graceful' or 'immediate' once `zenml pipeline runs stop` asked; the running process polls it.
  await db.schema.alterTable('pipeline_runs').addColumn('stop_requested', 'text').execute();
  await db.schema.createIndex('runs_by_pipeline_status').on('pipeline_runs').columns(['pipeline_id', 'status', 'created', 'id']).execute();
  await db.schema.createIndex('artifact_versions_by_created').on('artifact_versions').columns(['created', 'id']).execute();

  await db.schema
    .createTable('run_counts')
    .addColumn('pipeline_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_counts_pk', ['pipeline_id', 'status'])
    .execute();
  await sql`insert into run_counts (pipeline_id, status, n) select pipeline_id, status, count(*) from pipeline_runs group by pipeline_id, status`.execute(db);
  await sql`create trigger run_counts_insert after insert on pipeline_runs begin
    insert into run_counts (pipeline_id, status, n) values (new.pipeline_id, new.status, 1)
      on conflict (pipeline_id, status) do update set n = n + 1;
  end`.execute(db);
  await sql`create trigger run_counts_delete after delete on pipeline_runs begin
    update run_counts set n = n - 1 where pipeline_id = old.pipeline_id and status = old.status;
  end`.execute(db);
  await sql`create trigger run_counts_status after update of status, pipeline_id on pipeline_runs
    when old.status is not new.status or old.pipeline_id is not new.pipeline_id begin
    update run_counts set n = n - 1 where pipeline_id = old.pipeline_id and status = old.status;
    insert into run_counts (pipeline_id, status, n) values (new.pipeline_id, new.status, 1)
      on conflict (pipeline_id, status) do update set n = n + 1;
  end`.execute(db);

  await db.schema
    .createTable('artifact_version_counts')
    .addColumn('artifact_id', 'text', (c) => c.primaryKey())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into artifact_version_counts (artifact_id, n) select artifact_id, count(*) from artifact_versions group by artifact_id`.execute(db);
  await sql`create trigger artifact_version_counts_insert after insert on artifact_versions begin
    insert into artifact_version_counts (artifact_id, n) values (new.artifact_id, 1)
      on conflict (artifact_id) do update set n = n + 1;
  end`.execute(db);
  await sql`create trigger artifact_version_counts_delete after delete on artifact_versions begin
    update artifact_version_counts set n = n - 1 where artifact_id = old.artifact_id;
  end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of ['run_counts_insert', 'run_counts_delete', 'run_counts_status', 'artifact_version_counts_insert', 'artifact_version_counts_delete']) {
    await sql`drop trigger if exists ${sql.raw(trigger)}`.execute(db);
  }
  await db.schema.dropTable('artifact_version_counts').ifExists().execute();
  await db.schema.dropTable('run_counts').ifExists().execute();
  await db.schema.dropIndex('artifact_versions_by_created').ifExists().execute();
  await db.schema.dropIndex('runs_by_pipeline_status').ifExists().execute();
  await db.schema.alterTable('pipeline_runs').dropColumn('stop_requested').execute();
}
