/** A prepared statement of better-sqlite3, as far as running one goes. */
export interface DirectStatement {
  readonly reader: boolean;
  all(parameters: readonly unknown[]): unknown[];
  run(parameters: readonly unknown[]): unknown;
  /** Rows as arrays of values (true) or as objects (false, the default). */
  raw(toggle: boolean): unknown;
  columns(): ReadonlyArray<{ readonly name: string }>;
}

/**
 * The kysely handles (`conn`) that SQLite write transactions of this process hand to their
 * work, each with its database's statement cache. While such a transaction runs, its work
 * owns the connection (no other query can be in flight on it: the file's write turn is
 * held) and better-sqlite3 runs synchronously, so a statement may be run on the connection
 * straight away instead of through kysely's executor (a query id, a connection provider and
 * several promises per statement, more than SQLite takes to run our small ones).
 */
const connections = new WeakMap<object, (sql: string) => DirectStatement>();

export function ownConnection(conn: object, prepare: (sql: string) => DirectStatement): void {
  connections.set(conn, prepare);
}

export function releaseConnection(conn: object): void {
  connections.delete(conn);
}

/**
 * The statements of the connection `db` owns when it is a handle registered above; undefined
 * otherwise: PostgreSQL, and SQLite outside a write transaction of this process.
 */
export function directConnection(db: object): ((sql: string) => DirectStatement) | undefined {
  return connections.get(db);
}

/** Runs `sql` on such a connection, with the rows kysely's SQLite driver gives: a statement's that returns rows, else none. */
export function runDirect(prepare: (sql: string) => DirectStatement, sql: string, parameters: readonly unknown[]): unknown[] {
  const statement = prepare(sql);
  let makeRow = rowMakers.get(statement);
  if (makeRow === undefined) rowMakers.set(statement, (makeRow = statement.reader ? rowFactory(statement.columns().map((column) => column.name)) : null));
  if (makeRow === null) {
    statement.run(parameters);
    return [];
  }
  return rowObjects(statement, makeRow, parameters);
}

type RowMaker = (values: unknown[]) => Record<string, unknown>;

/**
 * Per statement, the function that makes one row object from a row's values (see rowFactory),
 * or null for a statement that returns no rows: also spares better-sqlite3's `reader` getter,
 * a call into its C++ side, on every run.
 */
const rowMakers = new WeakMap<DirectStatement, RowMaker | null>();

/**
 * The statement's rows as objects, built here from its rows as arrays: better-sqlite3 builds
 * each row object in C++ a property at a time, which for a cache lookup's rows (some forty
 * columns) cost a third more than reading them as arrays and building the objects in
 * JavaScript. The statement is shared (the cache is by SQL text, kysely's path reads objects),
 * so it is left as it was found.
 */
function rowObjects(statement: DirectStatement, makeRow: RowMaker, parameters: readonly unknown[]): Array<Record<string, unknown>> {
  statement.raw(true);
  let rows: unknown[][];
  try {
    rows = statement.all(parameters) as unknown[][];
  } finally {
    statement.raw(false);
  }
  return rows.map(makeRow);
}

/**
 * A function that copies properties of its argument into a new object, the new object written
 * as one object literal and compiled once: V8 creates it with all its properties in one go and
 * one hidden class, where setting forty of them in a loop took as long as SQLite took to read
 * the rows (the object goes to dictionary mode part way). Each property is [its name, the
 * argument's key or index it is read from]; both are written as JSON, so any name is a plain
 * key. A repeated name keeps its last value, as better-sqlite3's own row objects do.
 */
export function objectFactory<From, To = Record<string, unknown>>(properties: ReadonlyArray<readonly [name: string, from: string | number]>): (source: From) => To {
  const entries = properties.map(([name, from]) => `${JSON.stringify(name)}: source[${JSON.stringify(from)}]`);
  return new Function('source', `return { ${entries.join(', ')} };`) as (source: From) => To;
}

/** A row object from a row's values, one per statement (see objectFactory). */
export function rowFactory(names: readonly string[]): (values: unknown[]) => Record<string, unknown> {
  return objectFactory(names.map((name, index) => [name, index] as const));
}
