import type { SelectQueryBuilder } from 'kysely';
import { expressionBuilder, sql, type ExpressionBuilder, type Expression, type SqlBool } from '../../vendor/kysely.js';
import { UsageError, NotFoundError } from '../../core/errors.js';
import { parseFilter, parseSortBy, type Filter } from '../../core/filters.js';
import type { DbOrTx } from './database.js';
import type { Kysely as Db } from 'kysely';

/** LIKE with our own escape character, so `_` and `%` in a value match themselves. */
function likePattern(text: string, prefix: boolean, suffix: boolean): string {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return `${prefix ? '%' : ''}${escaped}${suffix ? '%' : ''}`;
}

/**
 * `column like pattern` built as an operator (not raw SQL), so each dialect matches the same
 * way: SQLite's like ignores ASCII case, and on PostgreSQL the parity plugin makes it ilike.
 */
function like(column: string, pattern: string): Expression<SqlBool> {
  return expressionBuilder<any, any>()(sql.ref(column), 'like', sql<string>`${pattern} escape '\\'`);
}

/**
 * The condition a filter expression (`contains:iris`, `gte:2026-01-01`, `oneof:[a,b]`,
 * or a plain value: exact match) puts on one column.
 */
export function filterCondition(column: string, expression: string, field = column, kind: 'text' | 'date' = 'text'): Expression<SqlBool> {
  const parsed: Filter = parseFilter(expression, field);
  const filter: Filter = kind === 'date' && parsed.operator !== 'oneof' && !['contains', 'startswith', 'endswith'].includes(parsed.operator) ? { ...parsed, value: isoDate(parsed.value, field) } : parsed;
  const ref = sql.ref(column);
  switch (filter.operator) {
    case 'equals':
      return sql<SqlBool>`${ref} = ${filter.value}`;
    case 'notequals':
      return sql<SqlBool>`${ref} <> ${filter.value}`;
    case 'contains':
      return like(column, likePattern(filter.value, true, true));
    case 'startswith':
      return like(column, likePattern(filter.value, false, true));
    case 'endswith':
      return like(column, likePattern(filter.value, true, false));
    case 'oneof':
      return filter.value.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`${ref} in (${sql.join(filter.value)})`;
    default: {
      // Numbers compare as numbers, anything else (ISO dates) as text, which orders ISO dates right.
      const operand: string | number = /^-?\d+(\.\d+)?$/.test(filter.value) ? Number(filter.value) : filter.value;
      const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[filter.operator];
      return sql<SqlBool>`${ref} ${sql.raw(op)} ${operand}`;
    }
  }
}

/**
 * A date as the store keeps it (ISO 8601, UTC): `2026-01-01`, `2026-01-01T10:00:00Z` or
 * ZenML's `2026-01-01 10:00:00` (local time).
 */
function isoDate(value: string, field: string): string {
  const date = /^\d{4}-\d{2}-\d{2}/.test(value.trim()) ? new Date(value.trim()) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--${field} '${value}' is not a date.`, `Use e.g. --${field} gte:2026-01-01 or --${field} 'lt:2026-01-31 18:00:00'.`);
  return date.toISOString();
}

/** The fields of a list that take filter expressions: field → column (dates compare as dates). */
export interface FilterColumns {
  [field: string]: string | { column: string; date: true };
}

/** Puts each given filter expression (`{ name: 'contains:iris', created: 'gte:2026-01-01' }`) on its column. */
export function whereFilters<QB extends SelectQueryBuilder<any, any, any>>(query: QB, filters: Record<string, string | undefined>, columns: FilterColumns): QB {
  let result = query;
  for (const [field, expression] of Object.entries(filters)) {
    if (expression === undefined || expression === '') continue;
    const target = columns[field];
    if (!target) throw new UsageError(`This list cannot be filtered by '${field}'.`);
    const [column, kind] = typeof target === 'string' ? [target, 'text' as const] : [target.column, 'date' as const];
    result = result.where(() => filterCondition(column, expression, field, kind)) as QB;
  }
  return result;
}

/** `--sort-by` when given (ties broken by id), else the list's own order. */
export function orderedBy<QB extends SelectQueryBuilder<any, any, any>>(query: QB, sortBy: string | undefined, columns: Record<string, string>, idColumn: string, fallback: (q: QB) => QB): QB {
  const order = sortOrder(sortBy, columns);
  if (!order) return fallback(query);
  // Nulls sort as SQLite sorts them (first ascending, last descending), PostgreSQL the other way.
  return query
    .orderBy(sql.ref(order.column), (ob) => (order.direction === 'asc' ? ob.asc().nullsFirst() : ob.desc().nullsLast()))
    .orderBy(sql.ref(idColumn), order.direction) as QB;
}

/** ORDER BY for `--sort-by`: only the fields a list offers, mapped to their columns. */
export function sortOrder(expression: string | undefined, columns: Record<string, string>): { column: string; direction: 'asc' | 'desc' } | undefined {
  if (!expression) return undefined;
  const { field, direction } = parseSortBy(expression);
  const column = columns[field];
  if (!column) throw new UsageError(`Cannot sort by '${field}'.`, `Sort by one of: ${Object.keys(columns).join(', ')}.`);
  return { column, direction };
}

/**
 * Finds a row by id, name, or a unique prefix of its id (ZenML's `name_id_or_prefix`). An
 * ambiguous prefix is an error listing what it matches.
 */
export async function resolveByNameIdOrPrefix(
  lookup: { exact: (value: string) => Promise<string | undefined>; idPrefix: (prefix: string) => Promise<Array<{ id: string; name: string }>> },
  value: string,
  kind: string,
  notFound: () => NotFoundError,
): Promise<string> {
  const exact = await lookup.exact(value);
  if (exact) return exact;
  // Only something that can start a UUID is tried as a prefix (4+ hex characters, dashes allowed).
  if (/^[0-9a-f][0-9a-f-]{3,35}$/i.test(value)) {
    const matches = await lookup.idPrefix(value.toLowerCase());
    if (matches.length === 1) return matches[0].id;
    if (matches.length > 1) {
      throw new UsageError(`'${value}' is the start of ${matches.length} ${kind} ids: ${matches.slice(0, 5).map((m) => `${m.id.slice(0, 12)} (${m.name})`).join(', ')}${matches.length > 5 ? ', ...' : ''}.`, 'Give more characters of the id, or the name.');
    }
  }
  throw notFound();
}


/**
 * Narrows `query` to the rows whose `column` (an id) starts with `prefix`, at most 50: a
 * range on the key, not LIKE (which SQLite cannot serve from the index). Ids are lower-case
 * UUIDs, and '~' sorts after every character they use.
 */
export function withIdPrefix<QB extends SelectQueryBuilder<any, any, any>>(query: QB, column: string, prefix: string): QB {
  return query.where(column, '>=', prefix).where(column, '<', `${prefix}~`).limit(50) as QB;
}

/**
 * The id of the row `value` names in `table`: its name, its id, or a unique prefix of its id
 * (a name wins over an id). `scope` narrows the rows, e.g. `{ type: 'orchestrator' }`.
 */
export async function idOfNameIdOrPrefix(
  db: DbOrTx,
  table: string,
  value: string,
  options: { kind: string; notFound: () => NotFoundError; scope?: Record<string, string>; nameColumn?: string },
): Promise<string> {
  const nameColumn = options.nameColumn ?? 'name';
  const base = () => {
    let query = (db as unknown as Db<any>).selectFrom(table).select(['id', `${nameColumn} as name`]);
    for (const [column, scoped] of Object.entries(options.scope ?? {})) query = query.where(column, '=', scoped);
    return query;
  };
  return resolveByNameIdOrPrefix(
    {
      exact: async (text) => {
        const rows = (await base().where((eb: ExpressionBuilder<any, any>) => eb.or([eb(nameColumn, '=', text), eb('id', '=', text)])).execute()) as Array<{ id: string; name: string }>;
        return (rows.find((row) => row.name === text) ?? rows[0])?.id;
      },
      idPrefix: async (prefix) => (await withIdPrefix(base().orderBy('id'), 'id', prefix).execute()) as Array<{ id: string; name: string }>,
    },
    value,
    options.kind,
    options.notFound,
  );
}
