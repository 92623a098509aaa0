import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, Migrator, sql, type SqliteDatabase, type Transaction } from '../../vendor/kysely.js';
import { ZenError, errorMessage } from '../../core/errors.js';
import { crashPoint } from '../../core/crash-points.js';
import { processSingleton } from '../../core/process-state.js';
import { skipCodeCacheWrites } from '../../core/code-cache.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, tightenPrivatePaths } from '../../core/private-files.js';
import { writeTransactionRunners } from './dialect.js';
import { enableReadCache } from './read-cache.js';
import { commitGroupsBeforeWrite, inGroup, inGroupNow, joinsGroup, registerCommitGroup, type GroupWritePoints, type SelfAtomic } from './commit-groups.js';
import { ownConnection, releaseConnection, type DirectStatement } from './direct-statements.js';
import { ConnectionLock, lockedSqliteDialect, withConnection, type LockedConnection } from './connection-lock.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type DbOrTx = Kysely<Database> | Transaction<Database>;

const BUSY_TIMEOUT_MS = 30_000;
const MIGRATION_TABLE = 'zenml_migrations';
/** WAL pages (4 KiB each) after which a commit checkpoints: a WAL of up to ~16 MiB between checkpoints. */
const WAL_AUTOCHECKPOINT_PAGES = 4000;

/**
 * Opens (and migrates) the SQLite file. WAL lets readers run beside one writer, and the
 * busy timeout makes concurrent writers from other processes wait instead of failing.
 */
export async function openSqlite(path: string): Promise<Db> {
  createPrivately(path);
  const Sqlite = await sqliteDatabaseClass();
  let raw;
  try {
    raw = new Sqlite.Database(path, { timeout: BUSY_TIMEOUT_MS, nativeBinding: Sqlite.nativeBinding });
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    // A checkpoint copies the WAL's pages into the file and syncs both (two fsyncs), and
    // SQLite runs it inside whichever commit passes the limit. At the default 1,000 pages a
    // 100-step run (~700 pages) checkpointed about once per run; at 4,000 it does a quarter
    // as often, and the pages a run rewrites in every commit (index pages) are copied once.
    raw.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    // Savepoints (grouped commits, see commit-groups.ts) journal in memory, not in a temp file each.
    raw.pragma('temp_store = MEMORY');
    raw.pragma('foreign_keys = ON');
    // Fail early on a file that is not a SQLite database.
    raw.prepare('select count(*) from sqlite_master').get();
  } catch (error) {
    raw?.close();
    throw permissionProblem(path, error) ??
      new ZenError(`The store file ${path} cannot be opened (${errorMessage(error)}).`, {
        hint: 'If it is corrupt, move it aside (zenml clean -y starts fresh) or restore a backup.',
      });
  }
  // SQLite gives the -wal and -shm files the database file's mode; older stores were 0644.
  tightenPrivatePaths(['', '-wal', '-shm'].map((suffix) => ({ path: `${path}${suffix}`, mode: PRIVATE_FILE_MODE })));
  const file = resolve(path);
  const prepare = statementCache(raw);
  const lock = new ConnectionLock();
  const db: Db = new Kysely<Database>({ dialect: lockedSqliteDialect({ database: withStatementCache(raw, prepare, (statement) => statement.readonly || commitGroupsBeforeWrite(file, db)) }, lock) });
  lockedConnections.set(db, { lock, bound: await db.connection().execute(async (conn) => conn) });
  databaseFiles.set(db, file);
  statementCaches.set(db, prepare);
  // A group's savepoints and commits (several per step) reuse prepared statements: exec would parse each anew.
  const groupConnection = { exec: (statement: string) => void prepare(statement).run(), get inTransaction() { return raw.inTransaction; } };
  registerCommitGroup(db, groupConnection, file, (work) => inProcessTurn(file, work));
  const dataVersion = raw.prepare('pragma data_version').pluck();
  const ownChanges = raw.prepare('select total_changes()').pluck();
  enableReadCache(db, () => `${dataVersion.get()}:${ownChanges.get()}`);
  await inProcessTurn(resolve(path), () =>
    migrate(
      db,
      () => raw.prepare(`select count(*) as n from sqlite_master where type='table' and name=?`).get(MIGRATION_TABLE) as { n: number },
      () => (raw.prepare(`select count(*) as n from ${MIGRATION_TABLE}`).get() as { n: number }).n,
      (statement) => raw.exec(statement),
    ).catch((error: unknown) => {
      throw permissionProblem(path, (error as { cause?: unknown }).cause ?? error) ?? error;
    }),
  );
  return db;
}

/**
 * better-sqlite3 from its code-cached bundle with the addon's path (src/vendor/better-sqlite3.ts);
 * the package itself, which searches for its addon, when that path is unknown.
 */
async function sqliteDatabaseClass(): Promise<{ Database: typeof import('better-sqlite3'); nativeBinding?: string }> {
  const bundled = await import('../../vendor/better-sqlite3.js');
  if (bundled.nativeBinding) return { Database: bundled.default, nativeBinding: bundled.nativeBinding };
  return { Database: (await import('better-sqlite3')).default };
}

/**
 * Creates the folder (0700) and an empty database file (0600) before SQLite does, so the
 * store is never readable by other users, not even between creation and a chmod.
 */
function createPrivately(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
    // 'a' neither truncates a file another process just made nor fails when it exists.
    if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  } catch (error) {
    throw permissionProblem(path, error) ?? error;
  }
}

/**
 * A store this user may not write (a read-only file or folder, another user's store) is a
 * permission problem: saying so matters, because "move it aside" would lose a good store.
 */
export function permissionProblem(path: string, error: unknown): ZenError | undefined {
  const code = String((error as { code?: unknown }).code ?? '');
  const denied = code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code.startsWith('SQLITE_READONLY') || ((code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') && !writable(path));
  if (!denied) return undefined;
  return new ZenError(`The store file ${path} cannot be written: permission denied (the file or its folder is read-only for this user).`, {
    hint: 'Give your user write access to the file and its folder, or run zenml as their owner. Nothing was changed.',
  });
}

function writable(path: string): boolean {
  try {
    accessSync(existsSync(path) ? path : dirname(path), constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const STATEMENT_CACHE_SIZE = 500;

type PrepareCached = (text: string) => import('better-sqlite3').Statement;

/**
 * kysely asks the driver to prepare every query anew; preparing costs more than running
 * most of our small queries, so prepared statements are reused by SQL text. Safe because
 * kysely runs one query at a time on the connection and never streams here, and statements
 * run directly (direct-statements.ts) only while their transaction owns the connection.
 */
function statementCache(raw: import('better-sqlite3').Database): PrepareCached {
  const statements = new Map<string, import('better-sqlite3').Statement>();
  return (text) => {
    let statement = statements.get(text);
    if (!statement) {
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
      statement = raw.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
}

function withStatementCache(raw: import('better-sqlite3').Database, prepare: PrepareCached, beforeRun: (statement: import('better-sqlite3').Statement) => void): SqliteDatabase {
  return {
    close: () => raw.close(),
    prepare(text: string) {
      const statement = prepare(text);
      // Kysely prepares each query just before running it: a write outside a group commits the groups first.
      beforeRun(statement);
      return statement as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
}

export function sqlitePathFromUrl(url: string): string | undefined {
  if (url.startsWith('sqlite:')) return url.replace(/^sqlite:(\/\/)?/, '');
  if (!url.includes('://') && (url.endsWith('.db') || url.endsWith('.sqlite'))) return url;
  return undefined;
}

export function storeFileExists(path: string): boolean {
  return existsSync(path);
}

const writeTurns = processSingleton('sqliteWriteTurns', () => new Map<string, Promise<unknown>>());
/** The file behind each open database, for queueing its writers in this process. */
const databaseFiles = new WeakMap<Db, string>();
/** Each open database's prepared statements, also run directly by its write transactions. */
const statementCaches = new WeakMap<Db, PrepareCached>();
/** Each open database's connection queue, which its write transactions take part in directly. */
const lockedConnections = new WeakMap<Db, LockedConnection<Db>>();

/** Runs `work` holding `db`'s connection (see connection-lock.ts). */
function onConnection<T>(db: Db, work: (conn: Db) => Promise<T>): Promise<T> {
  const connection = lockedConnections.get(db);
  return connection ? withConnection(db, connection, work) : db.connection().execute(work);
}

/**
 * Serialises writers of one database file within this process. A write transaction holds
 * SQLite's lock across awaits; a second connection of the same process asking for it would
 * block the event loop in the busy handler while the holder can never finish. Across
 * processes the lock itself does the queueing.
 */
async function inProcessTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = writeTurns.get(key) ?? Promise.resolve();
  const turn = previous.catch(() => undefined).then(work);
  writeTurns.set(key, turn);
  try {
    return await turn;
  } finally {
    if (writeTurns.get(key) === turn) writeTurns.delete(key);
  }
}

declare const ZENML_BUNDLED_MIGRATION_COUNT: number | undefined;

/**
 * How many migrations this build has, counted from their files: the fast path below then
 * need not load them (a dozen modules, a good part of a command's start-up). A file not yet
 * listed in migrations/index.ts only sends every open down the full check.
 */
function migrationFileCount(): number {
  // The library build (scripts/bundle-lib.mjs) bundles the migrations and states their count.
  if (typeof ZENML_BUNDLED_MIGRATION_COUNT === 'number') return ZENML_BUNDLED_MIGRATION_COUNT;
  return readdirSync(new URL('./migrations/', import.meta.url)).filter((file) => /^\d{4}-.+\.(js|ts)$/.test(file) && !file.endsWith('.d.ts')).length;
}

async function migrate(db: Db, hasTable: () => { n: number }, applied: () => number, exec: (statement: string) => void): Promise<void> {
  // Fast path for every command after the first: nothing to do, no lock taken.
  if (hasTable().n === 1 && applied() === migrationFileCount()) return;
  // Creating or upgrading the store is no typical run: its compiled code stays out of the caches.
  skipCodeCacheWrites();
  const { migrations } = await import('./migrations/index.js');
  const upToDate = () => hasTable().n === 1 && applied() === Object.keys(migrations).length;
  // Kysely takes no migration lock on SQLite, so two processes opening a fresh store would
  // both apply the same migration. Hold the write lock (BEGIN IMMEDIATE, which waits on the
  // busy timeout) for the whole upgrade instead: the second process waits, then finds it done.
  // A migration that rebuilds a table (0006) must not cascade when it drops the old copy;
  // SQLite only honours this pragma outside a transaction. Checked again before commit.
  exec('pragma foreign_keys = off');
  try {
    exec('begin immediate');
  } catch (error) {
    exec('pragma foreign_keys = on');
    throw new ZenError(`The store could not be upgraded (${errorMessage(error)}).`, { hint: 'Another process holds the store; try again.', cause: error });
  }
  let failure: unknown;
  try {
    if (!upToDate()) {
      const migrator = new Migrator({
        db,
        provider: { getMigrations: async () => migrations },
        migrationTableName: MIGRATION_TABLE,
        migrationLockTableName: `${MIGRATION_TABLE}_lock`,
        // The transaction above already covers every migration.
        disableTransactions: true,
      });
      failure = (await migrator.migrateToLatest()).error;
      if (failure === undefined) failure = foreignKeyProblem(await sql<{ table: string }>`pragma foreign_key_check`.execute(db));
    }
  } catch (error) {
    failure = error;
  }
  if (failure === undefined) {
    exec('commit');
    exec('pragma foreign_keys = on');
    return;
  }
  try {
    exec('rollback');
  } catch {
    // SQLite already rolled back after the error.
  }
  exec('pragma foreign_keys = on');
  throw new ZenError(`The store could not be upgraded (${errorMessage(failure)}).`, {
    hint: 'Make sure this zenml version is not older than the one that last wrote the store.',
    cause: failure,
  });
}

function foreignKeyProblem(result: { rows: Array<{ table: string }> }): Error | undefined {
  if (result.rows.length === 0) return undefined;
  return new Error(`${result.rows.length} rows break a foreign key (first in table ${result.rows[0].table})`);
}

/**
 * Runs `work` in a write transaction. On SQLite it takes the write lock up front (BEGIN
 * IMMEDIATE), so concurrent writers queue on the busy timeout instead of failing
 * mid-transaction; PostgreSQL's is in postgres.ts.
 */
export async function writeTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  // PostgreSQL (and any other server database) runs its own kind of transaction.
  const runner = writeTransactionRunners.get(db);
  if (runner) return runner(work);
  const file = databaseFiles.get(db);
  // Two connections of this process to one file must not wait on each other's lock (see inProcessTurn).
  if (file !== undefined) {
    return inProcessTurn(file, () =>
      (joinsGroup(db) ? runGroupedTransaction(db, work) : (commitGroupsBeforeWrite(file, db), runWriteTransaction(db, work))).catch((error: unknown) => {
        throw writeError(file, error);
      }),
    );
  }
  return runWriteTransaction(db, work);
}

const GROUP_WRITE_POINTS: GroupWritePoints = {
  begun: () => crashPoint('store:transaction-begun'),
  beforeCommit: () => crashPoint('store:before-commit'),
  afterCommit: () => crashPoint('store:after-commit'),
};

/** What a failed write throws: a SQLite error that comes from missing permissions says so. */
function writeError(file: string, error: unknown): unknown {
  return (String((error as { code?: unknown }).code).startsWith('SQLITE_') && permissionProblem(file, error)) || error;
}

/** A write of a commit group: a savepoint in the group's open transaction (see commit-groups.ts). */
function runGroupedTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return onConnection(db, (conn) => inGroup(db, () => owningConnection(db, conn, work), GROUP_WRITE_POINTS));
}

/**
 * A write transaction whose work runs synchronously (its statements run directly, see
 * direct-statements.ts), done at once when it can be: `db` is a SQLite database of this
 * process whose writes the current async flow groups (commit-groups.ts), and neither its
 * file's write turn nor its connection is taken. Then it is a savepoint of the group as
 * writeTransaction's would be, without the promises and turns a write otherwise takes (a
 * cached step's whole write is a few microseconds of SQLite), and without the savepoint for
 * work marked `selfAtomic` (see SelfAtomic in commit-groups.ts). Otherwise nothing is done and
 * the result is undefined: the caller writes through writeTransaction.
 */
export function writeTransactionNow<T>(db: Db, work: (tx: Db) => T, options?: SelfAtomic): { value: T } | undefined {
  const file = databaseFiles.get(db);
  const connection = lockedConnections.get(db);
  const prepare = statementCaches.get(db);
  if (file === undefined || !connection || !prepare || writeTurns.has(file) || !joinsGroup(db) || !connection.lock.tryAcquire()) return undefined;
  const conn = connection.bound;
  try {
    ownConnection(conn, prepare as (text: string) => DirectStatement);
    return { value: inGroupNow(db, () => work(conn), GROUP_WRITE_POINTS, options?.selfAtomic) };
  } catch (error) {
    throw writeError(file, error);
  } finally {
    releaseConnection(conn);
    connection.lock.release();
  }
}

async function runWriteTransaction<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return onConnection(db, async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      crashPoint('store:transaction-begun');
      const result = await owningConnection(db, conn, work);
      crashPoint('store:before-commit');
      await sql`commit`.execute(conn);
      crashPoint('store:after-commit');
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Runs a write transaction's work with its statements allowed straight onto the connection
 * (see direct-statements.ts): the transaction holds the file's write turn and the connection
 * until `work` settles, and the statements of the groups were committed before it began.
 */
async function owningConnection<T>(db: Db, conn: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  const prepare = statementCaches.get(db);
  if (!prepare) return work(conn);
  ownConnection(conn, prepare as (text: string) => DirectStatement);
  try {
    return await work(conn);
  } finally {
    releaseConnection(conn);
  }
}
