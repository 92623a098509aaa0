import type { Db } from './database.js';

/** How many results one database keeps (a changed database drops them all anyway). */
const MAX_ENTRIES = 256;

/**
 * Hot reads (a dashboard or many clients polling the same runs page) answered from memory
 * until the database changes. Only where a change is cheap to detect: on SQLite, `pragma
 * data_version` moves when another connection (any process) commits and `total_changes()`
 * when this one writes, so one probe of two cached statements tells whether anything may
 * have changed since a result was read. Other databases are read every time.
 */
export class ReadCache {
  private readonly entries = new Map<string, unknown>();
  private version: string | undefined;

  constructor(private readonly probe: () => string) {}

  /**
   * The result of `load` for `key`, from memory when the database is unchanged since it was
   * read. The version is taken before loading: a write that lands meanwhile changes it again,
   * so the next call reads anew. Callers share the result: it must be treated as immutable.
   */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const version = this.probe();
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

const caches = new WeakMap<Db, ReadCache>();

/** Registers how to tell a database's version (SQLite, when it is opened). */
export function enableReadCache(db: Db, probe: () => string): void {
  caches.set(db, new ReadCache(probe));
}

/** The database's read cache, or undefined where changes cannot be detected cheaply. */
export function readCacheOf(db: Db): ReadCache | undefined {
  return caches.get(db);
}
