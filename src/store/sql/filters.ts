import { sql, type ExpressionBuilder, type Expression, type SqlBool } from '../../vendor/kysely.js';
import { UsageError, NotFoundError } from '../../core/errors.js';
import { parseFilter, parseSortBy, type Filter } from '../../core/filters.js';

/** LIKE with our own escape character, so `_` and `%` in a value match themselves. */
function likePattern(text: string, prefix: boolean, suffix: boolean): string {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return `${prefix ? '%' : ''}${escaped}${suffix ? '%' : ''}`;
}

/**
 * The condition a filter expression (`contains:iris`, `gte:2026-01-01`, `oneof:[a,b]`,
 * or a plain value: exact match) puts on one column.
 */
export function filterCondition<DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>, column: string, expression: string, field = column): Expression<SqlBool> {
  const filter: Filter = parseFilter(expression, field);
  const ref = sql.ref(column);
  switch (filter.operator) {
    case 'equals':
      return sql<SqlBool>`${ref} = ${filter.value}`;
    case 'notequals':
      return sql<SqlBool>`${ref} <> ${filter.value}`;
    case 'contains':
      return sql<SqlBool>`${ref} like ${likePattern(filter.value, true, true)} escape '\\'`;
    case 'startswith':
      return sql<SqlBool>`${ref} like ${likePattern(filter.value, false, true)} escape '\\'`;
    case 'endswith':
      return sql<SqlBool>`${ref} like ${likePattern(filter.value, true, false)} escape '\\'`;
    case 'oneof':
      return filter.value.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`${ref} in (${sql.join(filter.value)})`;
    default: {
      // Numbers compare as numbers, anything else (ISO dates) as text, which orders ISO dates right.
      const operand: string | number = /^-?\d+(\.\d+)?$/.test(filter.value) ? Number(filter.value) : filter.value;
      const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[filter.operator];
      void eb;
      return sql<SqlBool>`${ref} ${sql.raw(op)} ${operand}`;
    }
  }
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

/** The LIKE pattern for ids starting with `prefix`. */
export function idPrefixPattern(prefix: string): string {
  return likePattern(prefix, false, true);
}
