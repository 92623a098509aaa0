import { UsageError } from './errors.js';

/**
 * ZenML's list filters: a value is `operator:operand` or a plain value meaning `equals`.
 * Operators: equals, notequals, contains, startswith, endswith (text); gt, gte, lt, lte
 * (numbers and ISO dates); oneof:[a,b] (any of a list).
 */
export type FilterOperator = 'equals' | 'notequals' | 'contains' | 'startswith' | 'endswith' | 'gt' | 'gte' | 'lt' | 'lte' | 'oneof';

export const FILTER_OPERATORS: readonly FilterOperator[] = ['equals', 'notequals', 'contains', 'startswith', 'endswith', 'gt', 'gte', 'lt', 'lte', 'oneof'];

export type Filter = { operator: Exclude<FilterOperator, 'oneof'>; value: string } | { operator: 'oneof'; value: string[] };

export function parseFilter(expression: string, field = 'filter'): Filter {
  const match = /^([a-z]+):([\s\S]*)$/.exec(expression);
  const operator = match?.[1] as FilterOperator | undefined;
  // `name=data:x` with an unknown word before the colon is a plain value that contains a colon.
  if (!match || !FILTER_OPERATORS.includes(operator!)) return { operator: 'equals', value: expression };
  const operand = match[2];
  if (operator === 'oneof') {
    const list = /^\[(.*)\]$/.exec(operand.trim());
    if (!list) throw new UsageError(`--${field} oneof: needs a list in brackets, e.g. oneof:[a,b].`);
    return { operator, value: list[1].split(',').map((item) => item.trim()).filter(Boolean) };
  }
  return { operator: operator as Exclude<FilterOperator, 'oneof'>, value: operand };
}

/** `desc:created`, `asc:name` or a bare field (ascending); which fields exist is the caller's to check. */
export function parseSortBy(expression: string): { field: string; direction: 'asc' | 'desc' } {
  const match = /^(?:(asc|desc):)?([A-Za-z_]+)$/.exec(expression.trim());
  if (!match) throw new UsageError(`--sort-by '${expression}' is not a sort order.`, 'Use a field, optionally with asc: or desc:, e.g. desc:created.');
  return { field: match[2], direction: (match[1] as 'asc' | 'desc' | undefined) ?? 'asc' };
}

/** A value with no operator (or an unknown word before a colon): an exact match. */
export function isPlainFilter(expression: string): boolean {
  const match = /^([a-z]+):/.exec(expression);
  return !match || !FILTER_OPERATORS.includes(match[1] as FilterOperator);
}
