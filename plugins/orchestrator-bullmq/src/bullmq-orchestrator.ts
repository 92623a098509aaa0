import { ACTIVE_RUN_STATUSES, getZenContext, UsageError, type ScheduleModel, type ExecutionStatus, type Orchestrator, type RunJob, type StackValidationInput, type WorkerOptions } from 'zenml/plugin';
import { type BullmqConfig } from './config.js';
import type { QueueEventReader } from './queue-event-reader.js';
import { sharedArtifactStoreProblem } from './flavors.js';
import { rootSteps } from './run-graph.js';
import { openRedis, runOfJobId, StepQueue, type StepJobResult } from './step-queue.js';

/** How often the driver reads the run from the store, besides listening to the queue's events. */
const POLL_MS = 1_000;
/** How long a completed run waits for its last steps' events once the store says it ended. */
const LAST_EVENTS_GRACE_MS = 2_000;
/** How often the driver reads the queue's events: its progress lines lag the steps by this much at most. */
const EVENTS_INTERVAL_MS = 10;

/**
 * Queues a run's steps as BullMQ jobs: the steps without upstream now, each other step by
 * the worker that finished its last upstream step (so a fan-in waits for all its parents).
 * Workers (`zenml worker start`) run them and record the run's end; this driver only
 * draws progress until then, or returns at once with `--detach`.
 */
export class BullmqOrchestrator implements Orchestrator {
  readonly workerDriven = true;

  constructor(private readonly config: BullmqConfig) {}

  validate(stack: StackValidationInput): string | undefined {
    return sharedArtifactStoreProblem(stack);
  }

  async startWorker(options: WorkerOptions): Promise<void> {
    const { StepWorker } = await import('./step-worker.js');
    const worker = await StepWorker.start(this.config, options);
    await new Promise<void>((resolve) => {
      if (options.signal?.aborted) resolve();
      else options.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    await worker.close();
  }

  /** The schedule's BullMQ job scheduler follows it; the jobs fire on workers of this queue. */
  async syncSchedule(schedule: ScheduleModel, change: 'upsert' | 'remove'): Promise<void> {
    const { syncJobScheduler } = await import('./schedule-jobs.js');
    await syncJobScheduler(this.config, schedule, change, (await getZenContext()).store.url);
  }

  async run(job: RunJob): Promise<void> {
    const mapped = job.spec.steps.find((step) => step.map);
    if (mapped) {
      // Its workers enqueue the next steps from the stored DAG, which cannot grow yet.
      throw new UsageError(`The bullmq orchestrator cannot run step '${mapped.id}' of pipeline '${job.spec.pipeline.name}': it does not support dynamic fan-out (.map()) yet; run it on a stack with the local or local_process orchestrator.`);
    }
    const publishedAt = Date.now();
    // From here the run lives on the queue: its liveness is the heartbeat workers keep, not
    // this process (which may detach, or die, while the steps go on). The store and Redis
    // are asked at once.
    const [queue, run] = await Promise.all([StepQueue.open(this.config), job.store.updateRun(job.run.id, { pid: null, heartbeat: new Date(publishedAt).toISOString() })]);
    let events: QueueEventReader | undefined;
    let eventsRedis: Awaited<ReturnType<typeof openRedis>> | undefined;
    try {
      if (!job.detach) {
        const [{ QueueEventReader }, eventsSince, connection] = await Promise.all([import('./queue-event-reader.js'), queue.eventIdNow(), openRedis(this.config)]);
        eventsRedis = connection;
        // Events are read from this moment of Redis's clock on, not from whenever the reader
        // is connected: the first jobs are queued meanwhile, and none of their events is missed.
        // A Redis blink is retried by the connection; the store poll has the last word meanwhile.
        events = new QueueEventReader(connection, queue.queue.keys.events, eventsSince, EVENTS_INTERVAL_MS);
      }
      // What workers would otherwise each read from the store before running a step.
      await queue.publishAndEnqueue(
        { run, snapshot: { id: job.snapshotId, spec: job.spec }, artifactStoreId: job.artifactStore.id, publishedAt },
        { runId: job.run.id, snapshotId: job.snapshotId, storeUrl: job.store.url },
        rootSteps(job.spec),
      );
      if (events) await this.follow(job, queue, events);
    } finally {
      // Closed side by side: each close is a round trip of its own (the event reader's is
      // cut at once: its pending read is abandoned).
      events?.stop();
      eventsRedis?.disconnect();
      await queue.close();
    }
  }

  /** Draws each step's progress from the queue's events until the run ended (or was stopped at once). */
  private follow(job: RunJob, queue: StepQueue, events: QueueEventReader): Promise<void> {
    const runId = job.run.id;
    const stepOf = (jobId: string) => {
      const { runId: of, stepId } = runOfJobId(jobId);
      return of === runId ? job.spec.steps.find((step) => step.id === stepId) : undefined;
    };
    return new Promise<void>((resolve) => {
      let done = false;
      const settled = new Set<string>();
      let lastEvents: NodeJS.Timeout | undefined;
      const finish = () => {
        if (done) return;
        done = true;
        events.stop();
        clearInterval(poll);
        clearTimeout(lastEvents);
        job.signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      void events.follow(({ event, jobId, returnvalue, failedReason }) => {
        const step = jobId ? stepOf(jobId) : undefined;
        if (!step) return;
        if (event === 'active') job.reportStep?.(step, 'running');
        else if (event === 'failed') job.reportStep?.(step, 'retrying', { error: failedReason });
        else if (event === 'completed') {
          const result = JSON.parse(returnvalue ?? '{}') as StepJobResult;
          if (result.outputs) job.rememberVersions?.(result.outputs);
          if (result.status !== 'skipped') job.reportStep?.(step, result.status as ExecutionStatus, { durationMs: result.durationMs, error: result.error });
          settled.add(step.id);
          if (result.runEnded || (lastEvents && settled.size === job.spec.steps.length)) finish();
        }
      }).catch(() => undefined); // the store poll below still ends the wait
      // Events are a fast path; the store has the last word (a run reaped, or ended while a
      // Redis connection blinked).
      const poll = setInterval(() => {
        void job.store.getRun(runId).then(
          (run) => {
            if ((ACTIVE_RUN_STATUSES as readonly string[]).includes(run.status)) return;
            // The last step ends the run in the store before its job's event reaches us: a run
            // that completed shows every step's line first (the events follow within moments).
            if (run.status === 'completed' && settled.size < job.spec.steps.length) lastEvents ??= setTimeout(finish, LAST_EVENTS_GRACE_MS);
            else finish();
          },
          () => undefined,
        );
      }, POLL_MS);
      // An immediate stop (runs stop, Ctrl-C): the launcher records it; workers see it in the
      // store and abandon their steps; what still waits in the queue is removed.
      const onAbort = () => {
        void job.store
          .updateRun(runId, { stopRequested: 'immediate' })
          .then(() => queue.removeWaiting(runId, job.spec))
          .catch(() => undefined)
          .finally(finish);
      };
      if (job.signal?.aborted) onAbort();
      else job.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
