import type { StepDefinition } from '../core/step-config.js';
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

/**
 * A step whose code (its function and its outputs' materializers, artifact files included)
 * took less than this the last time it ran in this process runs without committing first:
 * a chain of quick steps then shares commits too. Writers elsewhere wait at most about this
 * long more than they would anyway. Code that turns out slower and awaits anything lets the
 * group's timer commit meanwhile; only synchronous code that is quick at first and slow
 * later holds the store's write lock for its time (other writers wait on the busy timeout,
 * as they would for any writer).
 */
const QUICK_STEP_MS = 10;
const lastCodeTime = new WeakMap<StepDefinition, number>();

/** Before a step's own code runs: commits the grouped writes, unless the step is known to be quick. */
export function flushBeforeStepCode(store: ZenStore, definition: StepDefinition): Promise<void> {
  const last = lastCodeTime.get(definition);
  return last !== undefined && last < QUICK_STEP_MS ? Promise.resolve() : flushWrites(store);
}

/** How long the step's code took this time (see flushBeforeStepCode). */
export function recordStepCodeTime(definition: StepDefinition, ms: number): void {
  lastCodeTime.set(definition, ms);
}
