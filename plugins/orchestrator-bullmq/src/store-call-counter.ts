import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Set to a directory, a worker counts the store calls it makes (each one a round trip with a
 * REST store) and writes its running totals as JSON to `<dir>/<pid>` after every job: the
 * calls for steps (`calls`, by method in `byMethod`) and the time-based ones (`periodic`: stop
 * polls and heartbeats, one per tick of run time however many steps run). The bullmq
 * benchmark reads it. Unset (always, outside the benchmark), nothing is wrapped.
 */
export const STORE_CALLS_VARIABLE = 'ZENML_BULLMQ_COUNT_STORE_CALLS';

/** How long after the last job the totals are written (the benchmark reads them 100 ms after a run). */
const FLUSH_AFTER_MS = 20;

export interface StoreCallCounter {
  /**
   * Writes the running total soon, off the job's path (a no-op when not counting): a write
   * per job would add its disk time to every step the benchmark measures.
   */
  flush(): void;
  /** Runs `work`, counting its calls as periodic (time-based: stop polls, heartbeats), apart from the per-step ones. */
  periodic<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * The SQL store's commit grouping (src/execution/grouped-writes.ts): found on a store in this
 * process only, a no-op outside a grouped run and absent from a REST store, so never a round trip.
 */
const NOT_ROUND_TRIPS = new Set(['groupWrites', 'flushWrites', 'afterWritesCommitted']);

/**
 * A SQL store's `…Now` method (startStepRunNow, completeStepRunNow) that returned undefined
 * wrote nothing: its caller makes the usual call instead, which is counted. Counting both
 * would make the run's last step (whose completion ends the run, so never done at once) two
 * calls where a REST store, which has no such methods, makes one.
 */
const declinedAtOnce = (name: string, result: unknown): boolean => name.endsWith('Now') && result === undefined;

/**
 * Wraps every method of the store (own and inherited) to count the outermost calls only: a
 * store method that calls another of its own is one round trip, not two.
 */
export function countStoreCalls(store: object, env: NodeJS.ProcessEnv = process.env): StoreCallCounter {
  const dir = env[STORE_CALLS_VARIABLE];
  if (!dir) return { flush: () => undefined, periodic: (work) => work() };
  // One storage for both marks (inside a counted call; in time-based work): each storage
  // costs every promise the worker creates a little, and the benchmark times that worker.
  const where = new AsyncLocalStorage<'inside' | 'periodic'>();
  let calls = 0;
  let periodic = 0;
  const byMethod: Record<string, number> = {};
  const target = store as Record<string, unknown>;
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(store); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
  }
  for (const name of Object.keys(store)) names.add(name);
  for (const name of names) {
    const method = target[name];
    if (name === 'constructor' || name === 'close' || NOT_ROUND_TRIPS.has(name) || typeof method !== 'function') continue;
    target[name] = function (this: unknown, ...args: unknown[]) {
      const mark = where.getStore();
      if (mark === 'inside') return (method as (...a: unknown[]) => unknown).apply(this, args);
      let declined = false;
      try {
        const result = where.run('inside', () => (method as (...a: unknown[]) => unknown).apply(this, args));
        declined = declinedAtOnce(name, result);
        return result;
      } finally {
        // A call that threw is counted: with a REST store it was a round trip all the same.
        if (mark === 'periodic') periodic++;
        else if (!declined) {
          calls++;
          byMethod[name] = (byMethod[name] ?? 0) + 1;
        }
      }
    };
  }
  const file = join(dir, String(process.pid));
  // One write at a time, the last totals winning; written whole (renamed into place) so a reader never sees half.
  let writing = false;
  let again = false;
  const write = async (): Promise<void> => {
    if (writing) return void (again = true);
    writing = true;
    try {
      do {
        again = false;
        await writeFile(`${file}.tmp`, JSON.stringify({ calls, periodic, byMethod }));
        await rename(`${file}.tmp`, file);
      } while (again);
    } catch {
      // A count that cannot be written leaves the last one; the benchmark says what it read.
    } finally {
      writing = false;
    }
  };
  // Written once the jobs pause (a chain's next step starts within milliseconds of the last):
  // a write per job would put its file work between every two steps the benchmark times.
  let pending: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(pending);
    pending = setTimeout(() => void write(), FLUSH_AFTER_MS);
  };
  return { flush, periodic: (work) => where.run('periodic', work) };
}
