/** JSON with object keys sorted, so equal values always give equal text (cache keys, comparisons). */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, item) => (item && typeof item === 'object' && !Array.isArray(item) ? withSortedKeys(item as Record<string, unknown>) : item));
}

/**
 * The object itself when its keys are already in order (most are: every cache key of a run
 * hashes the same configs), else a copy with them sorted; both serialize alike.
 */
function withSortedKeys(item: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(item);
  for (let i = 1; i < keys.length; i++) {
    // `>` and sort() both compare UTF-16 code units.
    if (keys[i - 1] > keys[i]) return Object.fromEntries(keys.sort().map((key) => [key, item[key]]));
  }
  return item;
}
