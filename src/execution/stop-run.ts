import { ZenError } from '../core/errors.js';
import type { RunModel, StopMode } from '../core/entities.js';
import type { ZenStore } from '../store/zen-store.js';
import { ACTIVE_RUN_STATUSES, reapDeadRuns } from './dead-runs.js';

export interface StopOptions {
  /** Let running steps finish (default: abandon them and mark them stopped). */
  graceful?: boolean;
  /** How long to wait for the run to end; 0 returns right after asking. */
  waitMs?: number;
}

const isActive = (run: RunModel) => (ACTIVE_RUN_STATUSES as readonly string[]).includes(run.status);

/**
 * Asks a run to stop. The process running it (this one or another) polls the flag: it
 * starts no new step, and either lets running steps finish (graceful) or abandons them;
 * the run ends `stopped`. Resolves with the run as it is after waiting up to `waitMs`.
 */
export async function stopRun(store: ZenStore, nameOrId: string, options: StopOptions = {}): Promise<RunModel> {
  // Runs whose process died are marked first, so a dead run is reported as finished.
  await reapDeadRuns(store);
  let run = await store.getRun(nameOrId);
  if (!isActive(run)) {
    throw new ZenError(`Run '${run.name}' already finished (${run.status}); there is nothing to stop.`, {
      hint: run.status === 'failed' || run.status === 'stopped' ? `Resume it with \`zenml pipeline runs resume ${run.name}\`.` : undefined,
    });
  }
  const mode: StopMode = options.graceful ? 'graceful' : 'immediate';
  // An immediate request may upgrade a graceful one, never the reverse.
  if (run.stopRequested !== 'immediate') run = await store.updateRun(run.id, { stopRequested: mode });
  const deadline = Date.now() + (options.waitMs ?? 0);
  while (isActive(run) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    await reapDeadRuns(store);
    run = await store.getRun(run.id);
  }
  return run;
}
