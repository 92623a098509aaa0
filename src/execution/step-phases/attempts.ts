import type { StepRunModel } from '../../core/entities.js';
import { crashPoint } from '../../core/crash-points.js';
import { errorMessage } from '../../core/errors.js';
import type { MetadataValue } from '../../core/materializer.js';
import { runWithStepContext, type StepContextState } from '../../context/step-context.js';
import type { StepExtensionContext } from '../../context/step-extension.js';
import type { ZenStore } from '../../store/zen-store.js';
import { captureOutput, type LogSink } from '../step-log-capture.js';
import { STEP_EXTENSIONS } from '../step-extensions.js';
import type { StepRunRequest } from './request.js';
import { throwIfStopped } from './run-stop.js';
import { flushBeforeStepCode } from '../grouped-writes.js';

/**
 * Phase 3: calls the step function inside its step context and the extensions' wrappers,
 * again after each failure while retries remain (with the configured delay and backoff).
 * Each attempt is recorded on the step run; a stopped run ends the waiting at once.
 */
export async function callWithRetries(
  request: StepRunRequest,
  state: StepContextState,
  args: Record<string, unknown>,
  extensionContext: StepExtensionContext,
  attemptsRecorded: number,
  update: (fields: Partial<StepRunModel>) => Promise<void>,
  logs?: LogSink,
): Promise<unknown> {
  const retry = request.step.config.retry;
  const maxRetries = Math.max(0, retry?.maxRetries ?? 0);
  let delay = Math.max(0, retry?.delayMs ?? 0);
  const store = request.context.store;
  const queued = request.queuedAttempt;
  for (let attempt = queued?.number ?? 1; ; attempt++) {
    if (attempt > attemptsRecorded) await update({ attempts: attempt, ...(attempt > 1 ? { status: 'running' } : {}) });
    if (attempt > 1) {
      await syncRunRetrying(store, request.run.id);
      request.onStatus?.('running');
    }
    const attemptStarted = new Date().toISOString();
    const recordAttempt = (outcome: Record<string, MetadataValue>) =>
      maxRetries > 0
        ? store.addMetadata('step_run', state.stepRun.id, { [`attempt_${attempt}`]: { started: attemptStarted, ended: new Date().toISOString(), ...outcome } })
        : Promise.resolve();
    try {
      let body = () => Promise.resolve(runWithStepContext(state, () => request.definition.fn(args)));
      for (const extension of [...STEP_EXTENSIONS].reverse()) {
        if (extension.around) {
          const inner = body;
          body = () => extension.around!(extensionContext, inner);
        }
      }
      // The step's code must not run while this process holds the store's write lock.
      await flushBeforeStepCode(store, request.definition);
      // Outermost, so whatever the attempt prints, the extensions included, is the step's log.
      const result = await (logs ? captureOutput(logs, body) : body());
      await recordAttempt({ status: 'completed' });
      return result;
    } catch (error) {
      const message = state.redactor.text(errorMessage(error));
      const last = (queued ? queued.final : attempt > maxRetries) || request.stop?.stopped;
      await recordAttempt({ status: 'failed', error: message, ...(last || queued ? {} : { retryInMs: delay }) });
      if (last) throw error;
      if (queued) {
        // The queue waits (with its backoff) and makes the next attempt, maybe on another worker.
        await update({ status: 'retrying', error: `attempt ${attempt}: ${message}` });
        await syncRunRetrying(store, request.run.id);
        request.onStatus?.('retrying', { error: message });
        throw new RetryInQueue(message);
      }
      await update({ status: 'retrying', error: `attempt ${attempt}: ${message}` });
      await syncRunRetrying(store, request.run.id);
      request.onStatus?.('retrying', { error: message });
      crashPoint('retry:waiting');
      await abortableDelay(delay, request.stop?.signal);
      throwIfStopped(request.stop);
      delay *= retry?.backoff ?? 1;
    }
  }
}

/** The run shows `retrying` while any of its steps waits for another attempt, `running` otherwise. */
async function syncRunRetrying(store: ZenStore, runId: string): Promise<void> {
  const run = await store.getRun(runId);
  if (run.status !== 'running' && run.status !== 'retrying') return;
  const waiting = (await store.listStepRuns(runId)).some((stepRun) => stepRun.status === 'retrying');
  const status = waiting ? 'retrying' : 'running';
  if (run.status !== status) await store.updateRun(runId, { status });
}

function abortableDelay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Ends a queued attempt that failed with attempts left: the queue runs the next one. */
export class RetryInQueue extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryInQueue';
  }
}
