import type { Kysely } from 'kysely';
import { sql } from '../../../vendor/kysely.js';
import { isPostgres } from '../dialect.js';

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
  if (isPostgres(db)) await createPostgresRunCountTriggers(db);
  else await createSqliteRunCountTriggers(db);
  await db.schema
    .createTable('artifact_version_counts')
    .addColumn('artifact_id', 'text', (c) => c.primaryKey())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into artifact_version_counts (artifact_id, n) select artifact_id, count(*) from artifact_versions group by artifact_id`.execute(db);
  if (isPostgres(db)) await createPostgresVersionCountTriggers(db);
  else await createSqliteVersionCountTriggers(db);
}

async function createSqliteRunCountTriggers(db: Kysely<any>): Promise<void> {
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
}

async function createSqliteVersionCountTriggers(db: Kysely<any>): Promise<void> {
  await sql`create trigger artifact_version_counts_insert after insert on artifact_versions begin
    insert into artifact_version_counts (artifact_id, n) values (new.artifact_id, 1)
      on conflict (artifact_id) do update set n = n + 1;
  end`.execute(db);
  await sql`create trigger artifact_version_counts_delete after delete on artifact_versions begin
    update artifact_version_counts set n = n - 1 where artifact_id = old.artifact_id;
  end`.execute(db);
}

/**
 * The same counters on PostgreSQL: row triggers call plpgsql functions. The status trigger
 * touches its two counter rows in key order, so two runs changing status at once can wait
 * on each other but never deadlock.
 */
async function createPostgresRunCountTriggers(db: Kysely<any>): Promise<void> {
  await sql`create function run_counts_add(p text, s text, delta integer) returns void language plpgsql as $$ begin
    insert into run_counts (pipeline_id, status, n) values (p, s, delta)
      on conflict (pipeline_id, status) do update set n = run_counts.n + delta;
  end $$`.execute(db);
  await sql`create function run_counts_insert() returns trigger language plpgsql as $$ begin
    perform run_counts_add(new.pipeline_id, new.status, 1);
    return null;
  end $$`.execute(db);
  await sql`create function run_counts_delete() returns trigger language plpgsql as $$ begin
    perform run_counts_add(old.pipeline_id, old.status, -1);
    return null;
  end $$`.execute(db);
  await sql`create function run_counts_status() returns trigger language plpgsql as $$ begin
    if (old.pipeline_id, old.status) < (new.pipeline_id, new.status) then
      perform run_counts_add(old.pipeline_id, old.status, -1);
      perform run_counts_add(new.pipeline_id, new.status, 1);
    else
      perform run_counts_add(new.pipeline_id, new.status, 1);
      perform run_counts_add(old.pipeline_id, old.status, -1);
    end if;
    return null;
  end $$`.execute(db);
  await sql`create trigger run_counts_insert after insert on pipeline_runs for each row execute function run_counts_insert()`.execute(db);
  await sql`create trigger run_counts_delete after delete on pipeline_runs for each row execute function run_counts_delete()`.execute(db);
  await sql`create trigger run_counts_status after update of status, pipeline_id on pipeline_runs for each row
    when (old.status is distinct from new.status or old.pipeline_id is distinct from new.pipeline_id)
    execute function run_counts_status()`.execute(db);
}

async function createPostgresVersionCountTriggers(db: Kysely<any>): Promise<void> {
  await sql`create function artifact_version_counts_insert() returns trigger language plpgsql as $$ begin
    insert into artifact_version_counts (artifact_id, n) values (new.artifact_id, 1)
      on conflict (artifact_id) do update set n = artifact_version_counts.n + 1;
    return null;
  end $$`.execute(db);
  await sql`create function artifact_version_counts_delete() returns trigger language plpgsql as $$ begin
    update artifact_version_counts set n = n - 1 where artifact_id = old.artifact_id;
    return null;
  end $$`.execute(db);
  await sql`create trigger artifact_version_counts_insert after insert on artifact_versions for each row execute function artifact_version_counts_insert()`.execute(db);
  await sql`create trigger artifact_version_counts_delete after delete on artifact_versions for each row execute function artifact_version_counts_delete()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const postgres = isPostgres(db);
  for (const [trigger, table] of [['run_counts_insert', 'pipeline_runs'], ['run_counts_delete', 'pipeline_runs'], ['run_counts_status', 'pipeline_runs'], ['artifact_version_counts_insert', 'artifact_versions'], ['artifact_version_counts_delete', 'artifact_versions']]) {
    await sql`drop trigger if exists ${sql.raw(trigger)}${sql.raw(postgres ? ` on ${table}` : '')}`.execute(db);
    if (postgres) await sql`drop function if exists ${sql.raw(trigger)}()`.execute(db);
  }
  if (postgres) await sql`drop function if exists run_counts_add(text, text, integer)`.execute(db);
  await db.schema.dropTable('artifact_version_counts').ifExists().execute();
  await db.schema.dropTable('run_counts').ifExists().execute();
  await db.schema.dropIndex('artifact_versions_by_created').ifExists().execute();
  await db.schema.dropIndex('runs_by_pipeline_status').ifExists().execute();
  await db.schema.alterTable('pipeline_runs').dropColumn('stop_requested').execute();
}
