/**
 * Runs `task` over `items` with at most `limit` running at once; results keep the items'
 * order. After a failure no new item starts, and the first error is thrown only once the
 * running tasks have ended, so a caller can clean up knowing nothing is still in flight.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length && !errors.length) {
      const index = next++;
      try {
        results[index] = await task(items[index]!);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length) throw errors[0];
  return results;
}
