import type { Db } from './database.js';

/** How many results one database keeps (a changed database drops them all anyway). */
const MAX_ENTRIES = 256;

/**
 * Hot reads (a dashboard or many clients polling the same runs page) answered from memory
 * until the database changes, whichever process changed it. The probe names the database's
 * state: on SQLite, `pragma data_version` moves when another connection (any process)
 * commits and `total_changes()` when this one writes; on PostgreSQL, the text of
 * `pg_current_snapshot()` (which transactions have completed) moves when any transaction
 * that wrote commits or aborts, so an equal snapshot means the same committed data. One
 * cheap probe replaces the page's queries. A probe that fails reads through.
 */
export class ReadCache {
  private readonly entries = new Map<string, unknown>();
  private version: string | undefined;

  constructor(private readonly probe: () => string | Promise<string>) {}

  /**
   * The result of `load` for `key`, from memory when the database is unchanged since it was
   * read. The version is taken before loading: a write that lands meanwhile changes it again,
   * so the next call reads anew. Callers share the result: it must be treated as immutable.
   */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    let version: string;
    try {
      version = await this.probe();
    } catch {
      return load();
    }
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    if (this.entries.has(key)) return this.entries.get(key) as T;
    const value = await load();
    if (this.version === version) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, value);
    }
    return value;
  }
}

/**
 * Shares one asynchronous probe (a round trip to a database server) among the reads that
 * wait for it. A read may only use a probe sent after it began: one in flight may predate a
 * write the reader already saw committed, so later callers queue for the next probe, which
 * is sent when the one in flight answers. Under load this is one probe per round trip, not
 * one per request.
 */
export function coalescedProbe(probe: () => Promise<string>): () => Promise<string> {
  let inFlight: Promise<string> | undefined;
  let next: Promise<string> | undefined;
  const send = (): Promise<string> => {
    const sent = probe();
    inFlight = sent;
    const settle = () => {
      if (inFlight === sent) inFlight = undefined;
    };
    sent.then(settle, settle);
    return sent;
  };
  return () => {
    if (!inFlight) return send();
    if (!next) {
      const wait = inFlight.then(
        () => undefined,
        () => undefined,
      );
      next = wait.then(() => {
        next = undefined;
        return send();
      });
    }
    return next;
  };
}

const caches = new WeakMap<Db, ReadCache>();

/** Registers how to tell a database's version (when it is opened). */
export function enableReadCache(db: Db, probe: () => string | Promise<string>): void {
  caches.set(db, new ReadCache(probe));
}

/** The database's read cache, or undefined where changes cannot be detected cheaply. */
export function readCacheOf(db: Db): ReadCache | undefined {
  return caches.get(db);
}
