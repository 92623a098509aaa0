// Opening a store made by an older zenml: for every migration, a database is populated at the
// schema just before it (with rows in every table the earlier migrations made, seeded as each
// one ran), then opened by the real store opener, which runs that migration and every later
// one. Every row must survive, back-fills must be right, and the kept counters must equal the
// rows, on SQLite and on PostgreSQL.
//
// The test walks whatever migrations src/store/sql/migrations/index.ts lists. A new migration
// gets the generic checks for free; one that adds tables should add a `seed` below (so later
// migrations meet rows in them), and one that transforms data a `check` (and `renames`).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Sqlite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from '../../src/vendor/kysely.js';
import { migrations } from '../../src/store/sql/migrations/index.js';
import { PostgresParityPlugin } from '../../src/store/sql/postgres-parity.js';
import { openSqlStore } from '../../src/store/open-store.js';
import { DEFAULT_PROJECT_ID } from '../../src/core/identity-entities.js';
import { testPostgres } from '../helpers/postgres.js';

type Row = Record<string, unknown>;
type Tables = Map<string, Row[]>;
type Db = Kysely<any>;

interface MigrationFixture {
  /** Rows added right after this migration ran (schema as it left it), for the later migrations to meet. */
  seed?(db: Db): Promise<void>;
  /** After this migration (and any later ones) ran on the store populated just before it: its back-fills. */
  check?(db: Db, before: Tables): Promise<void>;
  /** Columns this migration renames, table → { old: new }, for the "every row survives" comparison. */
  renames?: Record<string, Record<string, string>>;
}

const T0 = '2024-01-01T00:00:00.000Z';
const at = (minute: number) => `2024-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
const OLD_PROJECT_TABLES = ['pipelines', 'pipeline_runs', 'artifacts', 'artifact_versions', 'models', 'model_versions', 'secrets', 'stacks'];

const run = (id: string, pipeline: string, status: string, minute: number) => ({
  id, name: id, pipeline_id: pipeline, snapshot_id: `snap-${pipeline}`, stack_id: 'stack-1', status, status_reason: null,
  config: '{}', created: at(minute), started: at(minute), ended: status === 'running' ? null : at(minute + 1), pid: 42, host: 'old-host', heartbeat: at(minute), original_run_id: null,
});
const stepRun = (id: string, runId: string, invocation: string, status: string) => ({
  id, run_id: runId, invocation_id: invocation, step_name: invocation, status, cache_key: `key-${invocation}`, cached: 0,
  parameters: '{"k":1}', config: '{}', original_step_run_id: null, error: status === 'failed' ? 'boom' : null, attempts: 1, created: T0, started: T0, ended: T0,
});
const version = (id: string, artifact: string, number: number, producer: string | null) => ({
  id, artifact_id: artifact, version: number, uri: `/store/${artifact}/${id}`, artifact_store_id: 'comp-as', materializer: 'zenml.json', data_type: 'Array', type: 'data',
  content_hash: `hash-${id}`, size: 10 * number, producer_step_run_id: producer, producer_run_id: producer ? 'run-1' : null, visualizations: '[]', created: at(number),
});

const FIXTURES: Record<string, MigrationFixture> = {
  '0001-initial': {
    async seed(db) {
      await db.insertInto('pipelines').values([
        { id: 'p-train', name: 'training', description: 'old', created: T0, updated: T0 },
        { id: 'p-infer', name: 'inference', description: null, created: T0, updated: T0 },
      ]).execute();
      await db.insertInto('snapshots').values(['p-train', 'p-infer'].map((p) => ({ id: `snap-${p}`, pipeline_id: p, spec: '{"steps":[]}', source_file: '/src/pipe.ts', source_export: 'pipe', created: T0 }))).execute();
      await db.insertInto('pipeline_runs').values([
        run('run-1', 'p-train', 'completed', 1), run('run-2', 'p-train', 'completed', 2), run('run-3', 'p-train', 'failed', 3),
        run('run-4', 'p-infer', 'running', 4), run('run-5', 'p-infer', 'completed', 5),
      ]).execute();
      await db.insertInto('step_runs').values([stepRun('sr-1', 'run-1', 'load', 'completed'), stepRun('sr-2', 'run-1', 'train', 'completed'), stepRun('sr-3', 'run-3', 'load', 'failed')]).execute();
      await db.insertInto('artifacts').values([{ id: 'a-data', name: 'dataset', created: T0, updated: T0 }, { id: 'a-model', name: 'model', created: T0, updated: T0 }]).execute();
      await db.insertInto('artifact_versions').values([version('av-1', 'a-data', 1, 'sr-1'), version('av-2', 'a-data', 2, null), version('av-3', 'a-model', 1, 'sr-2')]).execute();
      await db.insertInto('step_run_artifacts').values([
        { step_run_id: 'sr-1', artifact_version_id: 'av-1', name: 'output', direction: 'output' },
        { step_run_id: 'sr-2', artifact_version_id: 'av-1', name: 'data', direction: 'input' },
        { step_run_id: 'sr-2', artifact_version_id: 'av-3', name: 'output', direction: 'output' },
      ]).execute();
      await db.insertInto('run_metadata').values({ id: 'md-1', resource_type: 'pipeline_run', resource_id: 'run-1', key: 'accuracy', value: '0.9', type: 'float', created: T0 }).execute();
      await db.insertInto('tags').values({ id: 'tag-1', name: 'nightly', color: 'blue', created: T0 }).execute();
      await db.insertInto('tag_resources').values({ tag_id: 'tag-1', resource_type: 'pipeline_run', resource_id: 'run-1' }).execute();
      await db.insertInto('stack_components').values([
        { id: 'comp-orch', name: 'old-orch', type: 'orchestrator', flavor: 'local', config: '{}', owner: null, created: T0, updated: T0 },
        { id: 'comp-as', name: 'old-store', type: 'artifact_store', flavor: 'local', config: '{"path":"/store"}', owner: null, created: T0, updated: T0 },
      ]).execute();
      await db.insertInto('stacks').values({ id: 'stack-1', name: 'old-stack', owner: null, created: T0, updated: T0 }).execute();
      await db.insertInto('stack_composition').values([
        { stack_id: 'stack-1', component_id: 'comp-orch', type: 'orchestrator' },
        { stack_id: 'stack-1', component_id: 'comp-as', type: 'artifact_store' },
      ]).execute();
    },
  },
  '0002-secrets': {
    async seed(db) {
      await db.insertInto('secrets').values({ id: 'sec-1', name: 'db', keys: '["password"]', owner: null, private: 0, backend: 'sql', encrypted_values: 'cipher', created: T0, updated: T0 }).execute();
      await db.insertInto('secrets_settings').values({ key: 'key_check', value: 'check' }).execute();
    },
  },
  '0003-models': {
    async seed(db) {
      await db.insertInto('models').values({ id: 'm-1', name: 'classifier', description: 'old model', license: 'MIT', audience: null, use_cases: null, limitations: null, trade_offs: null, ethics: null, created: T0, updated: T0 }).execute();
      await db.insertInto('model_versions').values([
        { id: 'mv-1', model_id: 'm-1', number: 1, name: '1', description: null, stage: 'production', stage_changed_by: 'me', stage_changed_at: T0, producer_run_id: 'run-1', created: at(1), updated: T0 },
        { id: 'mv-2', model_id: 'm-1', number: 2, name: '2', description: null, stage: 'none', stage_changed_by: null, stage_changed_at: null, producer_run_id: null, created: at(2), updated: T0 },
      ]).execute();
      await db.insertInto('model_stage_transitions').values({ id: 'mst-1', model_version_id: 'mv-1', from_stage: 'none', to_stage: 'production', actor: 'me', created: T0 }).execute();
      await db.insertInto('model_version_artifacts').values({ model_version_id: 'mv-1', artifact_version_id: 'av-3', type: 'model', created: T0 }).execute();
      await db.insertInto('model_version_runs').values({ model_version_id: 'mv-1', run_id: 'run-1', created: T0 }).execute();
    },
  },
  '0004-durability': {
    async check(db, before) {
      // The counters were back-filled from the rows already there (then kept by triggers).
      const expected = countBy(before.get('pipeline_runs') ?? [], (r) => `${r.pipeline_id}/${r.status}`);
      assert.ok(Object.keys(expected).length > 0, 'the store had runs before the migration');
      const counted = Object.fromEntries((await db.selectFrom('run_counts').selectAll().execute()).map((r) => [`${r.pipeline_id}/${r.status}`, Number(r.n)]));
      for (const [key, n] of Object.entries(expected)) assert.ok((counted[key] ?? 0) >= n, `run_counts ${key}: ${counted[key]} < ${n}`);
      const versions = countBy(before.get('artifact_versions') ?? [], (r) => String(r.artifact_id));
      const kept = Object.fromEntries((await db.selectFrom('artifact_version_counts').selectAll().execute()).map((r) => [r.artifact_id, Number(r.n)]));
      for (const [key, n] of Object.entries(versions)) assert.ok((kept[key] ?? 0) >= n, `artifact_version_counts ${key}`);
      await expectColumn(db, 'pipeline_runs', 'stop_requested', before, null);
    },
    async seed(db) {
      // New rows and a status change go through the triggers this migration made.
      await db.insertInto('pipeline_runs').values([run('run-6', 'p-infer', 'running', 6), run('run-7', 'p-train', 'failed', 7)]).execute();
      await db.updateTable('pipeline_runs').set({ status: 'completed' }).where('id', '=', 'run-6').execute();
      await db.insertInto('artifact_versions').values(version('av-4', 'a-model', 2, null)).execute();
    },
  },
  '0005-artifact-version-names': {
    renames: { artifact_versions: { version: 'position' } },
    async check(db, before) {
      for (const old of before.get('artifact_versions') ?? []) {
        const row = await db.selectFrom('artifact_versions').select(['number', 'version_name', 'position']).where('id', '=', old.id).executeTakeFirstOrThrow();
        assert.deepEqual({ number: Number(row.number), versionName: row.version_name }, { number: Number(old.version), versionName: null }, `artifact version ${old.id}`);
      }
    },
    async seed(db) {
      await db.insertInto('artifact_versions').values({ ...version('av-5', 'a-data', 3, null), version: undefined, position: 3, number: null, version_name: 'golden' }).execute();
    },
  },
  '0006-identity-and-projects': {
    async check(db, before) {
      for (const table of OLD_PROJECT_TABLES) await expectColumn(db, table, 'project_id', before, DEFAULT_PROJECT_ID);
      for (const table of ['pipelines', 'pipeline_runs', 'artifacts', 'artifact_versions', 'models', 'model_versions']) await expectColumn(db, table, 'user_id', before, null);
      assert.equal((await db.selectFrom('projects').select('name').where('id', '=', DEFAULT_PROJECT_ID).executeTakeFirst())?.name, 'default');
    },
    async seed(db) {
      await db.insertInto('projects').values({ id: 'proj-2', name: 'research', display_name: null, description: null, created: T0, updated: T0 }).execute();
      await db.insertInto('users').values({ id: 'u-1', name: 'ci', full_name: null, email: null, description: null, password_hash: null, is_admin: 0, is_service_account: 1, active: 1, created: T0, updated: T0 }).execute();
      await db.insertInto('api_keys').values({ id: 'key-1', service_account_id: 'u-1', name: 'default', description: null, key_hash: 'h', previous_key_hash: null, retain_until: null, active: 1, last_login: null, last_rotated: null, created: T0, updated: T0 }).execute();
      // A name taken in `default` is free in another project now.
      await db.insertInto('pipelines').values({ id: 'p-train-2', name: 'training', description: null, created: T0, updated: T0, project_id: 'proj-2', user_id: 'u-1' }).execute();
      await db.insertInto('snapshots').values({ id: 'snap-p-train-2', pipeline_id: 'p-train-2', spec: '{"steps":[]}', source_file: null, source_export: null, created: T0 }).execute();
      await db.insertInto('pipeline_runs').values({ ...run('run-8', 'p-train-2', 'completed', 8), project_id: 'proj-2', user_id: 'u-1' }).execute();
    },
  },
  '0007-step-logs': {
    async check(db, before) {
      await expectColumn(db, 'step_runs', 'logs_uri', before, null);
    },
    async seed(db) {
      await db.insertInto('step_runs').values({ ...stepRun('sr-4', 'run-5', 'predict', 'completed'), logs_uri: '/store/logs/sr-4' }).execute();
    },
  },
  '0008-schedules': {
    async check(db, before) {
      await expectColumn(db, 'pipeline_runs', 'schedule_id', before, null);
    },
    async seed(db) {
      await db.insertInto('schedules').values({
        id: 'sch-1', name: 'hourly', pipeline_id: 'p-train', source_file: '/src/pipe.ts', source_export: 'pipe', run_config: '{}', cron_expression: '0 * * * *',
        timezone: null, start_time: null, end_time: null, catchup: 0, active: 1, last_fired: at(9), next_fire_time: at(59), created: T0, updated: T0,
      }).execute();
      await db.insertInto('pipeline_runs').values({ ...run('run-9', 'p-train', 'completed', 9), schedule_id: 'sch-1' }).execute();
    },
  },
};

const NAMES = Object.keys(migrations);

function countBy(rows: Row[], key: (row: Row) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[key(row)] = (counts[key(row)] ?? 0) + 1;
  return counts;
}

/** Every row that existed before the migration holds `value` in the column the migration added. */
async function expectColumn(db: Db, table: string, column: string, before: Tables, value: unknown): Promise<void> {
  const ids = (before.get(table) ?? []).map((row) => row.id as string);
  if (ids.length === 0) return;
  const rows = await db.selectFrom(table).select(['id', column]).where('id', 'in', ids).execute();
  assert.equal(rows.length, ids.length, `${table}: rows lost`);
  for (const row of rows) assert.equal(row[column], value, `${table} ${row.id}: ${column}`);
}

async function tablesOf(db: Db): Promise<Tables> {
  const tables: Tables = new Map();
  for (const table of await db.introspection.getTables()) {
    if (table.isView || table.name.startsWith('zenml_migrations')) continue;
    tables.set(table.name, await db.selectFrom(table.name).selectAll().execute());
  }
  return tables;
}

/** Every row present before survives, with the same values in the columns it had (renamed ones followed). */
function assertRowsSurvive(before: Tables, afterwards: Tables, renames: Record<string, Record<string, string>>): void {
  for (const [table, rows] of before) {
    if (rows.length === 0) continue;
    const now = afterwards.get(table);
    assert.ok(now, `table ${table} (${rows.length} rows) is gone`);
    const columns = Object.keys(rows[0]);
    const renamed = (column: string) => renames[table]?.[column] ?? column;
    const key = (row: Row, name: (column: string) => string) => JSON.stringify(columns.map((column) => normalise(row[name(column)])));
    const remaining = countBy(now, (row) => key(row, renamed));
    for (const row of rows) {
      const wanted = key(row, (column) => column);
      assert.ok((remaining[wanted] ?? 0) > 0, `table ${table}: row ${wanted} lost or changed`);
      remaining[wanted]--;
    }
  }
}

const normalise = (value: unknown) => (typeof value === 'bigint' ? Number(value) : value === undefined ? null : value);

/** The kept counters (run_counts, artifact_version_counts) equal the rows they count. */
async function assertCountersMatch(db: Db): Promise<void> {
  const tables = new Set((await db.introspection.getTables()).map((t) => t.name));
  if (!tables.has('run_counts')) return;
  const sorted = (rows: Row[]) => rows.map((r) => JSON.stringify(Object.values(r).map((v) => (typeof v === 'string' ? v : Number(v))))).sort();
  const runs = await sql<Row>`select pipeline_id, status, cast(count(*) as integer) as n from pipeline_runs group by pipeline_id, status`.execute(db);
  const runCounts = await sql<Row>`select pipeline_id, status, n from run_counts where n <> 0`.execute(db);
  assert.deepEqual(sorted(runCounts.rows), sorted(runs.rows), 'run_counts equal the runs');
  const versions = await sql<Row>`select artifact_id, cast(count(*) as integer) as n from artifact_versions group by artifact_id`.execute(db);
  const versionCounts = await sql<Row>`select artifact_id, n from artifact_version_counts where n <> 0`.execute(db);
  assert.deepEqual(sorted(versionCounts.rows), sorted(versions.rows), 'artifact_version_counts equal the versions');
}

interface Connection {
  db: Db;
  /** Applies one migration as an older zenml did (same bookkeeping table as the store). */
  migrateTo(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A dialect: fresh empty databases (their store URL), and plain connections that migrate nothing by themselves. */
interface Backend {
  fresh(): Promise<string>;
  connect(url: string): Promise<Connection>;
}

function migrator(db: Db): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableName: 'zenml_migrations', migrationLockTableName: 'zenml_migrations_lock' });
}

async function applied(migration: Migrator, name: string): Promise<void> {
  const { error, results } = await migration.migrateTo(name);
  assert.equal(error, undefined, `migration ${name}: ${(error as Error | undefined)?.message}`);
  assert.ok(!results?.some((r) => r.status === 'Error'));
}

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const sqliteBackend: Backend = {
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'zenml-migrate-'));
    dirs.push(dir);
    return `sqlite:${join(dir, 'zen.db')}`;
  },
  async connect(url) {
    const raw = new Sqlite(url.slice('sqlite:'.length));
    raw.pragma('journal_mode = WAL');
    raw.pragma('foreign_keys = ON');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
    const migration = migrator(db);
    return {
      db,
      async migrateTo(name) {
        // As the store does (database.ts): table rebuilds (0006) must not cascade.
        raw.pragma('foreign_keys = OFF');
        try {
          await applied(migration, name);
        } finally {
          raw.pragma('foreign_keys = ON');
        }
      },
      close: () => db.destroy(),
    };
  },
};

function postgresBackend(freshDatabaseUrl: () => Promise<string>): Backend {
  return {
    fresh: freshDatabaseUrl,
    async connect(url) {
      const { default: pg } = await import('pg');
      const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }), plugins: [new PostgresParityPlugin()] });
      const migration = migrator(db);
      return { db, migrateTo: (name) => applied(migration, name), close: () => db.destroy() };
    },
  };
}

/**
 * For each migration: a store populated up to the one before it, opened by the real opener
 * (which runs it and every later one), then checked: rows, back-fills, counters, and reads
 * through the store's own API.
 */
function eachMigrationOnAPopulatedStore(backend: () => Backend): void {
  test('every migration fixture names a real migration', () => {
    for (const name of Object.keys(FIXTURES)) assert.ok(NAMES.includes(name), `fixture for unknown migration ${name}`);
  });

  for (const [index, name] of NAMES.entries()) {
    if (index === 0) continue;
    test(`${name} on a store populated at ${NAMES[index - 1]}`, async () => {
      const url = await backend().fresh();
      const old = await backend().connect(url);
      let before: Tables;
      try {
        for (const earlier of NAMES.slice(0, index)) {
          await old.migrateTo(earlier);
          await FIXTURES[earlier]?.seed?.(old.db);
          await assertCountersMatch(old.db);
        }
        before = await tablesOf(old.db);
        assert.ok([...before.values()].some((rows) => rows.length > 0), 'the old store holds rows');
      } finally {
        await old.close();
      }

      // The real opener upgrades it, as when a newer zenml opens an older user's store.
      const store = await openSqlStore(url);
      try {
        const runs = before.get('pipeline_runs')!.filter((r) => (r.project_id ?? DEFAULT_PROJECT_ID) === DEFAULT_PROJECT_ID && r.pipeline_id === 'p-train');
        assert.equal((await store.listRuns({ pipeline: 'training', size: 1 })).total, runs.length, 'run total of an old pipeline');
        assert.equal((await store.listRuns({ pipeline: 'training', status: 'completed', size: 1 })).total, runs.filter((r) => r.status === 'completed').length);
        assert.equal((await store.getRun('run-1')).status, 'completed');
        assert.equal((await store.getArtifactVersion('dataset', 2)).id, 'av-2');
        assert.equal((await store.getArtifact('dataset')).versionCount, before.get('artifact_versions')!.filter((v) => v.artifact_id === 'a-data').length);
        assert.deepEqual((await store.getStack('old-stack')).components, { orchestrator: 'comp-orch', artifact_store: 'comp-as' });
      } finally {
        await store.close();
      }

      const upgraded = await backend().connect(url);
      try {
        const renames = Object.assign({}, ...NAMES.slice(index).map((later) => FIXTURES[later]?.renames ?? {}));
        assertRowsSurvive(before, await tablesOf(upgraded.db), renames);
        await assertCountersMatch(upgraded.db);
        for (const later of NAMES.slice(index)) await FIXTURES[later]?.check?.(upgraded.db, before);
        // The triggers keep counting on the upgraded schema.
        await upgraded.db.updateTable('pipeline_runs').set({ status: 'stopped' }).where('id', '=', 'run-3').execute();
        await upgraded.db.deleteFrom('pipeline_runs').where('id', '=', 'run-2').execute();
        await upgraded.db.deleteFrom('artifact_versions').where('id', '=', 'av-2').execute();
        await assertCountersMatch(upgraded.db);
      } finally {
        await upgraded.close();
      }
    });
  }
}

describe('migrations on a populated SQLite store', () => {
  eachMigrationOnAPopulatedStore(() => sqliteBackend);
});

const { gate, server } = await testPostgres();
describe('migrations on a populated PostgreSQL store', gate, () => {
  eachMigrationOnAPopulatedStore(() => postgresBackend(() => server!.freshDatabaseUrl()));
});
