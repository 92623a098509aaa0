/** JSON with object keys sorted, so equal values always give equal text (cache keys, comparisons). */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, item) => {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      return Object.fromEntries(Object.keys(item).sort().map((k) => [k, (item as Record<string, unknown>)[k]]));
    }
    return item;
  });
}
