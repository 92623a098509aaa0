import { PostgresAdapter, type Kysely } from '../../vendor/kysely.js';

/** The SQL dialects the SQL ZenStore runs on. */
export type SqlDialect = 'sqlite' | 'postgresql';

/**
 * Which database a kysely instance (or a transaction of one) talks to. Migrations and the
 * few queries that must differ branch on this; everything else is written once for both.
 */
export function dialectOf(db: Kysely<any>): SqlDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgresql' : 'sqlite';
}

export const isPostgres = (db: Kysely<any>): boolean => dialectOf(db) === 'postgresql';

type WriteTransactionRunner = <T>(work: (tx: Kysely<any>) => Promise<T>) => Promise<T>;

/**
 * How a database other than SQLite runs a write transaction, registered when it is opened, so
 * the SQLite path never loads the other dialects' code.
 */
export const writeTransactionRunners = new WeakMap<Kysely<any>, WriteTransactionRunner>();

/**
 * Locks rows for the rest of a write transaction before a read-then-write that derives from
 * them (the next version number of a model, say). SQLite's write transaction already holds the
 * whole database; PostgreSQL's READ COMMITTED one needs the rows locked (SELECT ... FOR UPDATE),
 * so a concurrent writer waits and then reads the first one's committed rows.
 */
export async function lockRows(db: Kysely<any>, table: string, ids: string[]): Promise<void> {
  if (ids.length === 0 || !isPostgres(db)) return;
  await db.selectFrom(table).select('id').where('id', 'in', [...ids].sort()).orderBy('id').forUpdate().execute();
}
