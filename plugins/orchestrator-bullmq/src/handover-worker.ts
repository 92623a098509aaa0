import type { Job, Worker } from 'bullmq';
import type { StepJobData, StepJobResult } from './step-queue.js';

/**
 * How long a worker's poll for more jobs may wait on the one step it runs: the most a job
 * that someone else queues meanwhile waits longer for this worker's free slots (a worker
 * blocked on the queue, another process's, takes it at once).
 */
export const HANDOVER_WAIT_MS = 20;
/** A job's completion that takes longer than this (Redis slow, reconnecting) lets the poll ask Redis after all. */
const COMPLETION_WAIT_MS = 1_000;

/** A job being run by this worker, from its start until its completion (and the next job it took) is back. */
interface RunningJob {
  /** True once the job's step ended as a chain step (its completion takes the child it queued); false when it is not one. */
  handsOver: Promise<boolean>;
  settle(handsOver: boolean): void;
  /** Resolves the event-loop turn after the job's completion came back. */
  completed: Promise<void>;
}

/**
 * A BullMQ worker that does not ask Redis for more jobs while the one job it runs will bring
 * the next one itself. BullMQ, once it took a job, at once asks Redis for another (its free
 * slots), and when that finds none it blocks on the queue's marker, which the job's
 * completion then wakes (queueing the child marks the queue, and so does taking it): both
 * are answered with nothing, since the completion took the child. That is two to three
 * commands, script runs and wake-ups per chain step on the cores the steps run on. While
 * the only job is a chain step, the poll waits for its end (HANDOVER_WAIT_MS at most) and
 * for its completion, then answers "no job" without asking: the completion brought the next
 * job, and one that brought none leaves BullMQ blocking on the marker as before.
 */
export interface HandoverWorker extends Worker<StepJobData, StepJobResult> {
  /** Says, once, whether the job's end hands over its child (the processor knows from the snapshot); its end says true. */
  settleHandover(jobId: string | undefined, handsOver: boolean): void;
}

type WorkerArgs = ConstructorParameters<typeof Worker<StepJobData, StepJobResult>>;

export function handoverWorkerClass(WorkerClass: typeof Worker): new (...args: WorkerArgs) => HandoverWorker {
  return class extends WorkerClass<StepJobData, StepJobResult> implements HandoverWorker {
    private readonly runningJobs = new Map<string | undefined, RunningJob>();

    settleHandover(jobId: string | undefined, handsOver: boolean): void {
      this.runningJobs.get(jobId)?.settle(handsOver);
    }

    override async processJob(job: Job<StepJobData, StepJobResult>, token: string, fetchNextCallback?: () => boolean): Promise<void | Job<StepJobData, StepJobResult>> {
      const running = runningJob();
      this.runningJobs.set(job.id, running);
      try {
        return await super.processJob(job, token, fetchNextCallback);
      } finally {
        if (this.runningJobs.get(job.id) === running) this.runningJobs.delete(job.id);
        running.settle(false);
        running.finish();
      }
    }

    protected override async moveToActive(token: string, name?: string): Promise<Job<StepJobData, StepJobResult>> {
      // Drained, the poll follows the marker's wake-up (something was queued): it asks at once.
      const drained = (this as unknown as { drained: boolean }).drained;
      const only = !drained && this.runningJobs.size === 1 ? this.runningJobs.values().next().value : undefined;
      if (only && (await within(only.handsOver, HANDOVER_WAIT_MS, false)) && (await within(only.completed.then(() => true), COMPLETION_WAIT_MS, false))) {
        return undefined as unknown as Job<StepJobData, StepJobResult>;
      }
      return super.moveToActive(token, name);
    }
  };
}

function runningJob(): RunningJob & { finish(): void } {
  let settle!: (handsOver: boolean) => void;
  let finish!: () => void;
  const handsOver = new Promise<boolean>((resolve) => (settle = resolve));
  // A turn later, so BullMQ's main loop already holds what the completion brought when the poll answers.
  const completed = new Promise<void>((resolve) => (finish = () => setImmediate(resolve)));
  return { handsOver, settle, completed, finish };
}

function within<T>(promise: Promise<T>, ms: number, otherwise: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => (timer = setTimeout(resolve, ms, otherwise)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
