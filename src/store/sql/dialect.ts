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
