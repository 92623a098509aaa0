import type { Kysely } from 'kysely';
import { SqliteAdapter, sql } from '../../../vendor/kysely.js';
import { DEFAULT_PROJECT, DEFAULT_PROJECT_ID } from '../../../core/identity-entities.js';

/** Tables that belong to a project; the ones with a name keep it unique per project, as ZenML does. */
const PROJECT_TABLES = ['pipelines', 'pipeline_runs', 'artifacts', 'artifact_versions', 'models', 'model_versions', 'secrets', 'stacks'];
const NAMED_TABLES = ['pipelines', 'pipeline_runs', 'artifacts', 'models', 'secrets', 'stacks'];
/** Tables that had no owner column: `user_id` records who created a row (stacks and secrets have `owner`). */
const USER_TABLES = ['pipelines', 'pipeline_runs', 'artifacts', 'artifact_versions', 'models', 'model_versions'];

/**
 * Users, service accounts and their API keys, and projects. Every pipeline, run, artifact,
 * model, secret and stack gets a project (existing rows: `default`) and an owner, and names
 * become unique per project instead of store-wide.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text')
    .addColumn('description', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('updated', 'text', (c) => c.notNull())
    .execute();
  const stamp = new Date().toISOString();
  await db.insertInto('projects').values({ id: DEFAULT_PROJECT_ID, name: DEFAULT_PROJECT, display_name: 'Default', description: null, created: stamp, updated: stamp }).execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('full_name', 'text')
    .addColumn('email', 'text')
    .addColumn('description', 'text')
    // scrypt$N$r$p$salt$hash; null for service accounts, which log in with API keys.
    .addColumn('password_hash', 'text')
    .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_service_account', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('updated', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_by_kind').on('users').columns(['is_service_account', 'created', 'id']).execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_account_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    // sha256 of the key's random part (high-entropy, so a slow hash buys nothing).
    .addColumn('key_hash', 'text', (c) => c.notNull())
    // After a rotation with --retain, the old key keeps working until retain_until.
    .addColumn('previous_key_hash', 'text')
    .addColumn('retain_until', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_login', 'text')
    .addColumn('last_rotated', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('updated', 'text', (c) => c.notNull())
    .addUniqueConstraint('api_keys_account_name', ['service_account_id', 'name'])
    .execute();

  // The column default puts existing rows (and any insert that forgets it) in `default`.
  for (const table of PROJECT_TABLES) {
    await db.schema.alterTable(table).addColumn('project_id', 'text', (c) => c.notNull().defaultTo(DEFAULT_PROJECT_ID)).execute();
  }
  for (const table of USER_TABLES) await db.schema.alterTable(table).addColumn('user_id', 'text').execute();

  for (const table of NAMED_TABLES) await dropNameUniqueness(db, table);
  for (const table of NAMED_TABLES) {
    await db.schema.createIndex(`${table}_name_per_project`).unique().on(table).columns(['project_id', 'name']).execute();
  }
  // Lists page newest first within a project.
  for (const table of ['pipelines', 'pipeline_runs', 'artifact_versions', 'model_versions']) {
    await db.schema.createIndex(`${table}_by_project_created`).on(table).columns(['project_id', 'created', 'id']).execute();
  }
  await db.schema.createIndex('artifacts_by_project_updated').on('artifacts').columns(['project_id', 'updated', 'id']).execute();
}

/**
 * Drops the store-wide UNIQUE on `name`. PostgreSQL drops the constraint; SQLite cannot, so
 * the table is rebuilt from its own DDL minus that UNIQUE (create, copy, drop, rename), and
 * its indexes and triggers recreated. The migration runs with foreign keys off (see
 * database.ts), so dropping the old table cascades to nothing, and is checked before commit.
 */
export async function dropNameUniqueness(db: Kysely<any>, table: string): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) {
    await sql`alter table ${sql.table(table)} drop constraint if exists ${sql.raw(`"${table}_name_key"`)}`.execute(db);
    return;
  }
  const objects = (await sql<{ type: string; sql: string }>`select type, sql from sqlite_master where tbl_name = ${table} and sql is not null`.execute(db)).rows;
  const ddl = objects.find((o) => o.type === 'table')!.sql;
  const rebuilt = `${table}_rebuilt`;
  const withoutUnique = ddl.replace(/("name" text not null) unique/i, '$1').replace(/^create table "?\w+"?/i, `create table "${rebuilt}"`);
  if (withoutUnique === ddl || !/"name" text not null[,)]/i.test(withoutUnique)) throw new Error(`Unexpected schema of table ${table}.`);
  await sql.raw(withoutUnique).execute(db);
  await sql.raw(`insert into "${rebuilt}" select * from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${rebuilt}" rename to "${table}"`).execute(db);
  for (const other of objects.filter((o) => o.type !== 'table')) await sql.raw(other.sql).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Migration 0006 (identity and projects) cannot be undone.');
}
