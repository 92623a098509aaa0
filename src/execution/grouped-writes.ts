import type { SqlZenStore } from '../store/sql/sql-zen-store.js';
import type { ZenStore } from '../store/zen-store.js';

/**
 * Commit grouping of the SQL store (src/store/sql/commit-groups.ts), for a run whose steps
 * run in this process. Other stores (REST, a store in another process) have none: their
 * writes are committed one by one as before, and these calls change nothing.
 */
type Grouping = Partial<Pick<SqlZenStore, 'groupWrites' | 'flushWrites' | 'afterWritesCommitted'>>;

/** Runs `work` (a step in this process) with its store writes sharing commits. */
export function groupWrites<T>(store: ZenStore, work: () => Promise<T>): Promise<T> {
  const grouping = store as Grouping;
  return grouping.groupWrites ? grouping.groupWrites(work) : work();
}

/**
 * Commits the grouped writes so far. Called before code that may run long (the step's own
 * function, its hooks, its materializers), which must not hold the store's write lock, and
 * before a run's end is reported.
 */
export function flushWrites(store: ZenStore): Promise<void> {
  return (store as Grouping).flushWrites?.() ?? Promise.resolve();
}

/** Runs `work` once the writes so far are committed (at once when none wait to be). */
export async function afterWritesCommitted(store: ZenStore, work: () => Promise<unknown>): Promise<void> {
  const grouping = store as Grouping;
  if (grouping.afterWritesCommitted) return grouping.afterWritesCommitted(work);
  await work();
}
