import { setTimeout as sleep } from 'node:timers/promises';
import type { ArtifactStore } from '../core/artifact-store.js';
import type { RunModel, StepRunModel } from '../core/entities.js';
import { NotFoundError, ZenError } from '../core/errors.js';
import type { ZenContext } from '../context/zen-context.js';
import { StepLogReader } from '../artifacts/step-logs.js';
import { artifactStoreById } from '../stack/artifact-store-factory.js';
import { ACTIVE_RUN_STATUSES, reapDeadRuns } from './dead-runs.js';

/** A piece of one step run's log, in the order it was printed. */
export interface StepLogChunk {
  stepRunId: string;
  /** Invocation id of the step. */
  step: string;
  text: string;
  /** Set when the step run was cached: the log is the one of this step run, which computed the outputs. */
  cachedFrom?: string;
}

export interface RunLogOptions {
  /** Only this step: an invocation id, a step name, or a step run id (or a unique prefix of one). */
  step?: string;
  /** Only this step run. */
  stepRunId?: string;
  /** Keep reading new output until the run (or the chosen step) has ended. */
  follow?: boolean;
  /** How often a follower looks for new chunks. */
  pollMs?: number;
}

const isActive = (status: string) => (ACTIVE_RUN_STATUSES as readonly string[]).includes(status);

/**
 * The logs of a run's steps, read from the artifact store where each step wrote them. Without
 * `follow`, what is stored now; with it, new chunks as they are written (every step run of
 * the run, in turn), until the run or the chosen step run has ended and its last chunk is read.
 */
export async function* runLogChunks(context: ZenContext, runNameOrId: string, options: RunLogOptions = {}): AsyncGenerator<StepLogChunk> {
  const store = context.store;
  const pollMs = options.pollMs ?? 250;
  let run = await store.getRun(runNameOrId);
  const readers = new Map<string, StepLogReader>();
  const done = new Set<string>();
  const stores = new Map<string, Promise<ArtifactStore>>();
  let matchedOnce = false;

  for (;;) {
    if (options.follow) {
      await reapDeadRuns(store);
      run = await store.getRun(run.id);
    }
    // Listed after the run's status: a run that had ended has no step run left to start.
    const runEnded = !isActive(run.status);
    const stepRuns = selectStepRuns(await store.listStepRuns(run.id), options);
    if (stepRuns.length > 0) matchedOnce = true;
    else if (options.step && (!options.follow || runEnded)) {
      throw new NotFoundError(`Run '${run.name}' has no step '${options.step}'.`, 'List its steps with `zenml step runs list --run RUN`.');
    }
    for (const stepRun of stepRuns) {
      if (done.has(stepRun.id)) continue;
      const finished = !isActive(stepRun.status);
      if (!stepRun.logsUri) {
        if (finished) done.add(stepRun.id);
        continue;
      }
      let reader = readers.get(stepRun.id);
      if (!reader) {
        reader = new StepLogReader(...(await locateLogs(context, stores, run, stepRun)));
        readers.set(stepRun.id, reader);
      }
      // A step marked ended wrote its last chunk first (or died, and nothing more will come).
      const text = await reader.next(finished);
      if (finished) done.add(stepRun.id);
      if (text.length > 0) yield { stepRunId: stepRun.id, step: stepRun.invocationId, text, ...(stepRun.status === 'cached' && stepRun.originalStepRunId ? { cachedFrom: stepRun.originalStepRunId } : {}) };
    }
    if (!options.follow) return;
    const allDone = stepRuns.every((stepRun) => done.has(stepRun.id));
    // Following one step: over once it ended. Following a run: once the run ended and every log is read.
    if (allDone && (runEnded || (matchedOnce && (options.step || options.stepRunId)))) return;
    await sleep(pollMs);
  }
}

function selectStepRuns(stepRuns: StepRunModel[], options: RunLogOptions): StepRunModel[] {
  if (options.stepRunId) return stepRuns.filter((stepRun) => stepRun.id === options.stepRunId);
  const wanted = options.step;
  if (!wanted) return stepRuns;
  const exact = stepRuns.filter((stepRun) => stepRun.invocationId === wanted || stepRun.id === wanted);
  if (exact.length > 0) return exact;
  const byName = stepRuns.filter((stepRun) => stepRun.stepName === wanted);
  if (byName.length > 0) return byName;
  const byPrefix = stepRuns.filter((stepRun) => stepRun.id.startsWith(wanted));
  return byPrefix.length === 1 ? byPrefix : [];
}

/** The artifact store holding a step run's log: the one of the run's stack (a cached log was written to the same store, whose id is in the cache key). */
async function locateLogs(context: ZenContext, stores: Map<string, Promise<ArtifactStore>>, run: RunModel, stepRun: StepRunModel): Promise<[ArtifactStore, string]> {
  if (!run.stackId) throw new ZenError(`Run '${run.name}' records no stack, so the artifact store holding its logs is unknown.`);
  let found = stores.get(run.stackId);
  if (!found) {
    found = context.store.getStack(run.stackId).then((stack) => artifactStoreById(context, stack.components.artifact_store));
    stores.set(run.stackId, found);
  }
  const artifactStore = await found;
  const path = artifactStore.pathOf(stepRun.logsUri!);
  if (path === undefined) {
    throw new ZenError(`The logs of step '${stepRun.invocationId}' are at ${stepRun.logsUri}, outside the artifact store of run '${run.name}' (${artifactStore.root}).`, {
      hint: 'Read them from a client whose stack has that artifact store.',
    });
  }
  return [artifactStore, path];
}
