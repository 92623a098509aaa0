import type { ZenStore } from '../store/zen-store.js';
import { localOwnerGone, thisHost } from './process-liveness.js';

/** Statuses of a run whose process should still be alive. */
export const ACTIVE_RUN_STATUSES = ['initializing', 'running', 'retrying'] as const;

/** The status reason of a run (and its running steps) found without its process. */
export const PROCESS_DIED = 'process died';

/** Heartbeats are written every 5 s; a run on another host silent this long is taken for dead. */
export const HEARTBEAT_TIMEOUT_MS = Number(process.env.ZENML_HEARTBEAT_TIMEOUT_MS) || 120_000;

export interface RunOwner {
  pid: number | null;
  host: string | null;
  heartbeat: string | null;
  created: string;
}

/**
 * A run's process is dead when it ran on this host and its pid is gone (or was reused by a
 * process that started after the run was created); for a run on another host we only have
 * the heartbeat, so it is dead once the heartbeat is older than HEARTBEAT_TIMEOUT_MS.
 */
export function runOwnerDead(owner: RunOwner, now = Date.now()): boolean {
  if (owner.host === thisHost() && owner.pid !== null) return localOwnerGone(owner.pid, Date.parse(owner.created));
  const beat = Date.parse(owner.heartbeat ?? owner.created);
  return Number.isFinite(beat) && now - beat > HEARTBEAT_TIMEOUT_MS;
}

const reaping = new WeakMap<ZenStore, Promise<unknown>>();

/**
 * Marks the runs whose process died as failed (and their running steps), so whoever reads
 * runs next sees the truth. Reads of runs through the Client call it first; one indexed
 * query over the (few) active runs, a write only when one is dead. Concurrent callers on
 * one store share a single pass, and a failure here never fails the read that asked.
 */
export function reapDeadRuns(store: ZenStore): Promise<unknown> {
  let pass = reaping.get(store);
  if (!pass) {
    pass = store
      .listActiveRunOwners()
      .then((owners) => owners.filter((owner) => runOwnerDead(owner)).map((owner) => owner.id))
      .then((dead) => (dead.length > 0 ? store.failRuns(dead, PROCESS_DIED) : undefined))
      .catch(() => undefined)
      .finally(() => reaping.delete(store));
    reaping.set(store, pass);
  }
  return pass;
}
