import type { Job, MinimalJob, Worker } from 'bullmq';
import { ACTIVE_RUN_STATUSES, errorMessage, getZenContext, outcomeAfterRunner, runSnapshotStep, type SnapshotSpec, type StepOutcome, type WorkerOptions, type ZenContext } from 'zenml/plugin';
import { lockTimings, queueName, redisLocation, workerConcurrency, DEFAULT_REDIS_URL, type BullmqConfig } from './config.js';
import { readyAfter, recordRunEnd } from './run-graph.js';
import { openRedis, stepBackoff, StepQueue, type StepJobData, type StepJobResult } from './step-queue.js';
import { countStoreCalls, type StoreCallCounter } from './store-call-counter.js';

/** How often a worker looks at the runs it holds steps of (stop requests), and beats their heartbeat. */
const WATCH_MS = Number(process.env.ZENML_STOP_POLL_MS) || 250;
const HEARTBEAT_MS = 5_000;

/**
 * A worker of one queue: takes step jobs, runs each through the step entrypoint in this
 * process against this machine's store, then queues the steps that became ready and, when
 * nothing of the run is left, records the run's end. BullMQ hands a job whose worker died
 * (its lock expired) to another worker; the step entrypoint then carries on the step run
 * the dead worker left instead of starting a second one, and the store completes a step run
 * only once.
 */
export class StepWorker {
  private worker?: Worker<StepJobData, StepJobResult>;
  private scheduleWorker?: Worker;
  /** Connections handed to BullMQ workers: BullMQ leaves a connection it was given open, so close() quits them. */
  private readonly connections: Array<{ quit(): Promise<unknown> }> = [];
  private queue?: StepQueue;
  private readonly specs = new Map<string, Promise<SnapshotSpec>>();
  /** Runs with a step running here: their stop controller and how many steps. */
  private readonly held = new Map<string, { abort: AbortController; steps: number; beat: number }>();
  private watcher?: NodeJS.Timeout;
  private readonly storeCalls: StoreCallCounter;

  constructor(
    private readonly config: BullmqConfig,
    private readonly context: ZenContext,
  ) {
    this.storeCalls = countStoreCalls(context.store);
  }

  static async start(config: BullmqConfig, options: WorkerOptions): Promise<StepWorker> {
    const worker = new StepWorker(config, await getZenContext());
    await worker.listen(workerConcurrency(config, options.concurrency));
    const { startScheduleWorker } = await import('./schedule-jobs.js');
    const scheduleConnection = await openRedis(config);
    worker.connections.push(scheduleConnection);
    worker.scheduleWorker = await startScheduleWorker(config, worker.context, scheduleConnection, options.log ?? (() => undefined));
    options.log?.(`Worker ${process.pid} takes steps from queue '${queueName(config)}' at ${redisLocation(config.redisUrl ?? DEFAULT_REDIS_URL)} (concurrency ${workerConcurrency(config, options.concurrency)}); store ${worker.context.store.url}.`);
    return worker;
  }

  private async listen(concurrency: number): Promise<void> {
    const { Worker } = await import('bullmq');
    this.queue = await StepQueue.open(this.config);
    const connection = await openRedis(this.config);
    this.connections.push(connection);
    this.worker = new Worker<StepJobData, StepJobResult>(queueName(this.config), (job) => this.process(job), {
      connection,
      concurrency,
      ...lockTimings(),
      // A job is handed on twice at most after its worker died, then it fails.
      maxStalledCount: 2,
      settings: { backoffStrategy: (attemptsMade: number, type?: string, _error?: Error, job?: MinimalJob) => stepBackoff(attemptsMade, type, Number(job?.opts.backoff && typeof job.opts.backoff === 'object' ? job.opts.backoff.delay : 0)) },
    });
    await this.worker.waitUntilReady();
    this.watcher = setInterval(() => void this.watch(), WATCH_MS);
    this.watcher.unref();
  }

  /** Stops taking jobs and waits for the running ones. */
  async close(): Promise<void> {
    clearInterval(this.watcher);
    await this.scheduleWorker?.close();
    await this.worker?.close();
    await this.queue?.close();
    await Promise.all(this.connections.splice(0).map((connection) => connection.quit().catch(() => undefined)));
  }

  private spec(snapshotId: string): Promise<SnapshotSpec> {
    let spec = this.specs.get(snapshotId);
    if (!spec) {
      // Snapshots never change: one read per snapshot and worker.
      spec = this.context.store.getSnapshot(snapshotId).then((snapshot) => snapshot.spec as SnapshotSpec);
      spec.catch(() => this.specs.delete(snapshotId));
      this.specs.set(snapshotId, spec);
    }
    return spec;
  }

  private async process(job: Job<StepJobData, StepJobResult>): Promise<StepJobResult> {
    try {
      return await this.processStep(job);
    } finally {
      this.storeCalls.flush();
    }
  }

  private async processStep(job: Job<StepJobData, StepJobResult>): Promise<StepJobResult> {
    const { runId, stepId, snapshotId, storeUrl } = job.data;
    const { store } = this.context;
    if (storeUrl !== store.url) {
      const { UnrecoverableError } = await import('bullmq');
      throw new UnrecoverableError(`This worker's store is ${store.url}, but the run is in ${storeUrl}: start the worker with the run's store configured (zenml connect / ZENML_STORE_URL).`);
    }
    const started = Date.now();
    const spec = await this.spec(snapshotId);
    const step = spec.steps.find((s) => s.id === stepId);
    if (!step) throw new Error(`The snapshot of run ${runId} has no step '${stepId}'.`);
    const queue = this.queue!;

    const run = await store.getRun(runId);
    let outcome: StepOutcome;
    if (!(ACTIVE_RUN_STATUSES as readonly string[]).includes(run.status) || run.stopRequested || (await queue.hasFailed(runId))) {
      // The run ended, is stopping or failed: this step does not start (it ends `skipped`).
      outcome = { status: 'skipped' };
    } else {
      outcome = await this.runStep(job, run.id, step.id, snapshotId);
      if (outcome.status === 'retrying') throw new Error(outcome.error ?? 'the attempt failed'); // BullMQ waits its backoff and tries again
    }

    if (outcome.status === 'failed') await queue.markFailed(runId);
    if (outcome.status === 'completed' || outcome.status === 'cached') {
      const ready = readyAfter(spec, stepId, await store.listStepRuns(runId));
      await queue.enqueue({ runId, snapshotId, storeUrl }, ready);
    }
    const result: StepJobResult = { status: outcome.status, error: outcome.error, durationMs: Date.now() - started };
    if ((await queue.release(runId, stepId)) === 0 && (await queue.claimRunEnd(runId))) result.runEnded = await recordRunEnd(store, runId, spec);
    return result;
  }

  /** Runs the step through the step entrypoint as attempt N of its job, holding the run meanwhile. */
  private async runStep(job: Job<StepJobData, StepJobResult>, runId: string, stepId: string, snapshotId: string): Promise<StepOutcome> {
    const hold = this.hold(runId);
    const attempts = job.opts.attempts ?? 1;
    try {
      const running = runSnapshotStep(this.context, {
        snapshotId,
        stepId,
        runId,
        attempt: { number: Math.max(1, job.attemptsStarted), final: job.attemptsMade + 1 >= attempts },
        signal: hold.abort.signal,
      });
      // An immediate stop does not wait for the step function (JavaScript cannot be killed):
      // the step is marked stopped now; its late result is discarded by the launcher.
      return await Promise.race([running, this.whenAborted(hold.abort.signal).then(() => this.markStopped(runId, stepId))]);
    } catch (error) {
      // The entrypoint itself failed (the pipeline file is missing here, the store is down):
      // another attempt may do better; after the last one the step is recorded failed.
      if (job.attemptsMade + 1 < attempts) throw error;
      const spec = await this.spec(snapshotId);
      return outcomeAfterRunner(this.context.store, runId, spec.steps.find((s) => s.id === stepId)!, () => `Step '${stepId}' could not run on worker ${process.pid}: ${errorMessage(error)}`);
    } finally {
      this.release(runId);
    }
  }

  private whenAborted(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  private async markStopped(runId: string, stepId: string): Promise<StepOutcome> {
    const stepRun = (await this.context.store.listStepRuns(runId)).filter((s) => s.invocationId === stepId).at(-1);
    if (stepRun && ['running', 'retrying', 'initializing'].includes(stepRun.status)) {
      await this.context.store.updateStepRun(stepRun.id, { status: 'stopped', error: 'stopped', ended: new Date().toISOString() });
      return { status: 'stopped', error: 'stopped' };
    }
    return stepRun ? { status: stepRun.status, error: stepRun.error } : { status: 'stopped', error: 'stopped' };
  }

  private hold(runId: string): { abort: AbortController } {
    let held = this.held.get(runId);
    if (!held) {
      held = { abort: new AbortController(), steps: 0, beat: 0 };
      this.held.set(runId, held);
    }
    held.steps++;
    return held;
  }

  private release(runId: string): void {
    const held = this.held.get(runId);
    if (held && --held.steps === 0) this.held.delete(runId);
  }

  /**
   * For each run with a step running here: an immediate stop (or the run ending elsewhere)
   * aborts its steps, and the run's heartbeat is kept fresh, so the dead-run reaper leaves
   * a run alone while workers hold it.
   */
  private async watch(): Promise<void> {
    const now = Date.now();
    for (const [runId, held] of this.held) {
      try {
        if (now - held.beat >= HEARTBEAT_MS) {
          held.beat = now;
          await this.context.store.updateRun(runId, { heartbeat: new Date(now).toISOString() });
        }
        const run = await this.context.store.getRun(runId);
        const ended = !(ACTIVE_RUN_STATUSES as readonly string[]).includes(run.status);
        if ((ended || run.stopRequested === 'immediate') && !held.abort.signal.aborted) held.abort.abort(new Error('the run was stopped'));
      } catch {
        // The next look tries again; a store hiccup must not end the step.
      }
    }
  }
}
