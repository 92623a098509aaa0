import { CompiledQuery, type Compilable } from '../../vendor/kysely.js';
import type { DbOrTx } from './database.js';
import { dialectOf, type SqlDialect } from './dialect.js';
import { directConnection, runDirect } from './direct-statements.js';

/** Stands for a named parameter while the query is compiled the first time. */
const PLACEHOLDER = '\u0000zenml-parameter:';

type Slot<P> = { name: keyof P } | { value: unknown };

/** A precompiled statement: run through kysely (or directly, see below), or `now`. */
export type Precompiled<P, R> = ((db: DbOrTx, parameters: P) => Promise<R[]>) & {
  /** Runs it synchronously on a connection a SQLite write transaction owns (see writeTransactionNow in database.ts). */
  now(db: DbOrTx, parameters: P): R[];
};

/**
 * A statement that every step runs several of, built and compiled by kysely once per dialect
 * and from then on run with new parameter values. Kysely otherwise builds a tree of immutable
 * nodes and compiles it anew for every execution, which costs more than SQLite takes to run
 * such a statement. `build` must make the same SQL whatever the values: every value it is
 * handed is a stand-in, and the ones it writes itself (literals) are kept as they were.
 */
export function precompiled<P extends object, R>(build: (db: DbOrTx, parameters: P) => Compilable<R>): Precompiled<P, R> {
  const compiled = new Map<SqlDialect, { sql: string; slots: Array<Slot<P>> }>();
  const compiledFor = (dialect: SqlDialect, db: DbOrTx, parameters: P) => {
    let entry = compiled.get(dialect);
    if (!entry) {
      const standIns = Object.fromEntries(Object.keys(parameters).map((name) => [name, `${PLACEHOLDER}${name}`])) as P;
      const query = build(db, standIns).compile();
      const slots = query.parameters.map((value): Slot<P> =>
        typeof value === 'string' && value.startsWith(PLACEHOLDER) ? { name: value.slice(PLACEHOLDER.length) as keyof P } : { value },
      );
      entry = { sql: query.sql, slots };
      compiled.set(dialect, entry);
    }
    return entry;
  };
  // kysely leaves out a column whose value is undefined; here its place is taken: null.
  const valuesOf = (entry: { slots: Array<Slot<P>> }, parameters: P) => entry.slots.map((slot) => ('name' in slot ? (parameters[slot.name] ?? null) : slot.value));
  const run = async (db: DbOrTx, parameters: P): Promise<R[]> => {
    // Inside a SQLite write transaction of this process, run on its connection at once (see direct-statements.ts).
    const direct = directConnection(db);
    const entry = compiledFor(direct ? 'sqlite' : dialectOf(db), db, parameters);
    const values = valuesOf(entry, parameters);
    return (direct ? runDirect(direct, entry.sql, values) : (await db.executeQuery(CompiledQuery.raw(entry.sql, values))).rows) as R[];
  };
  const now = (db: DbOrTx, parameters: P): R[] => {
    const direct = directConnection(db);
    if (!direct) throw new Error('A statement run now needs a SQLite connection its write transaction owns (see writeTransactionNow).');
    const entry = compiledFor('sqlite', db, parameters);
    return runDirect(direct, entry.sql, valuesOf(entry, parameters)) as R[];
  };
  return Object.assign(run, { now });
}
