import { setTimeout as sleep } from 'node:timers/promises';
import { Kysely, Migrator, PostgresDialect, sql } from '../../vendor/kysely.js';
import { ZenError, errorMessage } from '../../core/errors.js';
import { crashPoint } from '../../core/crash-points.js';
import { skipCodeCacheWrites } from '../../core/code-cache.js';
import type { Db } from './database.js';
import { writeTransactionRunners } from './dialect.js';
import { migrations } from './migrations/index.js';
import { coalescedProbe, enableReadCache } from './read-cache.js';
import { PostgresParityPlugin } from './postgres-parity.js';
import type { Database } from './schema.js';

const MIGRATION_TABLE = 'zenml_migrations';
/** pg_advisory_lock key held while one process migrates ('zenml' in ASCII). */
const MIGRATION_LOCK = 0x7a656e6d6c;
const POOL_SIZE = 10;
/** Transactions that lost a race (deadlock, serialization failure, unique key taken meanwhile) run again. */
const MAX_ATTEMPTS = 10;
/** SQLSTATEs of a lost race, not of bad input: serialization_failure, deadlock_detected, unique_violation. */
const RETRYABLE = new Set(['40001', '40P01', '23505']);
/** pg types 20 (int8: count(*)) and 1700 (numeric: sum()) arrive as strings by default. */
const NUMERIC_TYPES = new Set([20, 1700]);

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** The URL with any password masked, for messages. */
export function redactedUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}

/**
 * Opens (and migrates) the PostgreSQL database behind a `postgresql://USER[:PASSWORD]@HOST:PORT/DB`
 * URL. `pg` loads only here, so SQLite users never pay for it.
 */
export async function openPostgres(url: string, options: { poolSize?: number } = {}): Promise<Db> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: Math.max(2, options.poolSize ?? POOL_SIZE),
    // A CLI command ends when its work does, without waiting for idle connections to time out.
    allowExitOnIdle: true,
    // Counts and sums come back as numbers, as on SQLite.
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (NUMERIC_TYPES.has(oid) ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  // A dropped idle connection must not crash the process: the next query reports it.
  pool.on('error', () => undefined);
  try {
    (await pool.connect()).release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new ZenError(`The PostgreSQL store at ${redactedUrl(url)} cannot be reached (${errorMessage(error)}).`, {
      hint: 'Check that the server runs, the database exists and ZENML_STORE_URL is right (postgresql://USER@HOST:PORT/DB).',
    });
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new PostgresParityPlugin()] });
  writeTransactionRunners.set(db, (work) => postgresWriteTransaction(db, work));
  // Named: parsed and planned once per connection; shared by the reads that wait for it.
  const snapshot = { name: 'zenml_read_cache_snapshot', text: 'select pg_current_snapshot()::text as s', rowMode: 'array' as const };
  enableReadCache(db, coalescedProbe(async () => String((await pool.query(snapshot)).rows[0][0])));
  try {
    await migrate(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
  return db;
}

async function upToDate(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`select to_regclass(${MIGRATION_TABLE}) is not null as present`.execute(db);
  if (!rows[0]?.present) return false;
  const count = await db.selectFrom(MIGRATION_TABLE).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(count.n) === Object.keys(migrations).length;
}

/**
 * Applies pending migrations. Several processes may open a fresh database at once: a session
 * advisory lock lets one migrate while the others wait, then find nothing left to do. Each
 * run of migrations is one transaction (PostgreSQL's DDL is transactional), so a failure
 * leaves the schema as it was.
 */
async function migrate(db: Db): Promise<void> {
  // Fast path for every command after the first: nothing to do, no lock taken.
  if (await upToDate(db)) return;
  // Creating or upgrading the store is no typical run: its compiled code stays out of the caches.
  skipCodeCacheWrites();
  let failure: unknown;
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${sql.lit(MIGRATION_LOCK)})`.execute(conn);
    try {
      if (await upToDate(conn)) return;
      const migrator = new Migrator({
        db: conn,
        provider: { getMigrations: async () => migrations },
        migrationTableName: MIGRATION_TABLE,
        migrationLockTableName: `${MIGRATION_TABLE}_lock`,
      });
      failure = (await migrator.migrateToLatest()).error;
    } catch (error) {
      failure = error;
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK)})`.execute(conn).catch(() => undefined);
    }
  });
  if (failure !== undefined) {
    throw new ZenError(`The store could not be upgraded (${errorMessage(failure)}).`, {
      hint: 'Make sure this zenml version is not older than the one that last wrote the store.',
    });
  }
}

const sqlState = (error: unknown): string | undefined => (error as { code?: unknown })?.code as string | undefined;

/**
 * A READ COMMITTED transaction, run again when it lost a race. The store's read-then-write
 * steps are safe under it: the artifact upsert locks the artifact's row, so concurrent
 * version numbers for one name queue on it and each reads the other's committed maximum;
 * where two writers can still collide (a model's next version number, a run's shared model
 * version, two stage promotions) a unique index refuses the second, which then runs again
 * and sees the first's row. Deadlocks between counters are retried the same way.
 */
async function postgresWriteTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await db.transaction().execute(async (tx) => {
        crashPoint('store:transaction-begun');
        const value = await work(tx);
        crashPoint('store:before-commit');
        return value;
      });
      crashPoint('store:after-commit');
      return result;
    } catch (error) {
      const state = sqlState(error);
      if (attempt >= MAX_ATTEMPTS || state === undefined || !RETRYABLE.has(state)) throw error;
      // Jittered, growing back-off so the racers do not collide again in lockstep.
      await sleep(Math.random() * 5 * 2 ** Math.min(attempt, 6));
    }
  }
}
