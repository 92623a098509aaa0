import type { DbOrTx } from './database.js';
import { precompiled, type Precompiled } from './precompiled.js';
import type { Database } from './schema.js';

type Values = Record<string, string>;

/**
 * Inserts of several rows into `table` in one statement, compiled once per row count (see
 * precompiled.ts), through the transaction or at once. Parameters are named column + row
 * index (`key0`, `value1`...), so one object carries every row's values. Callers bound the
 * row counts they send here: each count is a statement kept for the process's life.
 */
export function multiRowInsert<Row extends { [K in keyof Row]: string }>(table: keyof Database, columns: ReadonlyArray<keyof Row & string>) {
  const statements = new Map<number, Precompiled<Values, unknown>>();
  const statementFor = (count: number) => {
    let statement = statements.get(count);
    if (!statement) {
      const rowAt = (p: Values, index: number) => Object.fromEntries(columns.map((column) => [column, p[`${column}${index}`]]));
      statement = precompiled((db: DbOrTx, p: Values) => db.insertInto(table).values(Array.from({ length: count }, (_, index) => rowAt(p, index)) as never));
      statements.set(count, statement);
    }
    return statement;
  };
  const valuesOf = (rows: Row[]) => {
    const values: Values = {};
    rows.forEach((row, index) => columns.forEach((column) => (values[`${column}${index}`] = row[column])));
    return values;
  };
  return {
    async insert(db: DbOrTx, rows: Row[]): Promise<void> {
      if (rows.length > 0) await statementFor(rows.length)(db, valuesOf(rows));
    },
    /** insert at once, in a write transaction that owns its connection (see writeTransactionNow in database.ts). */
    insertNow(db: DbOrTx, rows: Row[]): void {
      if (rows.length > 0) statementFor(rows.length).now(db, valuesOf(rows));
    },
  };
}
