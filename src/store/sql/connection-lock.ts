import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Dialect, type Kysely, type SqliteDialectConfig } from '../../vendor/kysely.js';

/**
 * Who holds a SQLite database's one connection. Kysely's SQLite driver keeps the same queue
 * to itself, so every write transaction (several per pipeline step) paid for a trip through
 * it: a connection provider, a mutex and a connection-bound kysely instance, a dozen
 * promises. With the queue here, a write whose connection is free takes it at once and
 * runs on a handle bound to it once; kysely's queries wait in the same queue when it is not.
 */
export class ConnectionLock {
  private held = false;
  private readonly waiting: Array<() => void> = [];

  /** Takes the connection if nobody holds it or waits for it. */
  tryAcquire(): boolean {
    if (this.held) return false;
    this.held = true;
    return true;
  }

  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the connection to the next in line (first come, first served), or frees it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

/** kysely's SQLite driver, queueing for its connection on a ConnectionLock. */
class LockedSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly lock: ConnectionLock,
    private readonly created: { connection?: DatabaseConnection },
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.lock.acquire();
    return this.created.connection!;
  }

  override async releaseConnection(): Promise<void> {
    this.lock.release();
  }
}

/** The SQLite dialect with its connection behind `lock`. */
export function lockedSqliteDialect(config: SqliteDialectConfig, lock: ConnectionLock): Dialect {
  const created: { connection?: DatabaseConnection } = {};
  const settings: SqliteDialectConfig = {
    ...config,
    onCreateConnection: async (connection) => {
      created.connection = connection;
      await config.onCreateConnection?.(connection);
    },
  };
  const dialect = new SqliteDialect(settings);
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => new LockedSqliteDriver(settings, lock, created),
  };
}

/** A SQLite database's connection queue, and a kysely handle bound to its connection (taken once, when it opened). */
export interface LockedConnection<D> {
  lock: ConnectionLock;
  bound: D;
}

/**
 * Runs `work` with `db`'s connection: at once on the bound handle when the connection is
 * free, else through kysely, which queues on the same lock.
 */
export async function withConnection<T, D extends Kysely<any>>(db: D, connection: LockedConnection<D>, work: (conn: D) => Promise<T>): Promise<T> {
  if (!connection.lock.tryAcquire()) return db.connection().execute((conn) => work(conn as D));
  try {
    return await work(connection.bound);
  } finally {
    connection.lock.release();
  }
}
