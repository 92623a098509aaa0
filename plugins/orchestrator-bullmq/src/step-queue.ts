import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SnapshotSpec, StepSpec } from 'zenml/plugin';
import { DEFAULT_REDIS_URL, queueName, type BullmqConfig } from './config.js';

/** What a job carries: ids only. The worker reads everything else from its own store. */
export interface StepJobData {
  runId: string;
  stepId: string;
  snapshotId: string;
  /**
   * The store the run lives in. A worker refuses a job from another store rather than run it
   * against its own (today a shared local SQLite store; with a server, its URL, the worker
   * then using a run-scoped token of its own).
   */
  storeUrl: string;
}

/** What a finished job returns; the driver draws progress from it. */
export interface StepJobResult {
  status: string;
  error?: string;
  durationMs?: number;
  /** Set on the job after which the run ended (the worker that recorded the end). */
  runEnded?: string;
}

/** Keys of a run's bookkeeping in Redis, kept a week. */
const RUN_KEY_TTL_S = 7 * 24 * 3600;

/**
 * Marks steps queued for a run, once ever each: a step goes into `pending` only the first
 * time it is queued, so a parent that runs twice (its worker died after queueing) cannot
 * put a finished step back. Returns how many were new.
 */
const MARK_QUEUED = `
local added = 0
for i, step in ipairs(ARGV) do
  if i > 1 and redis.call('SADD', KEYS[1], step) == 1 then
    redis.call('SADD', KEYS[2], step)
    added = added + 1
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return added`;

/** BullMQ job ids may not contain ':'; invocation ids are escaped. */
export const stepJobId = (runId: string, stepId: string): string => `${runId}.${encodeURIComponent(stepId)}`;
export const runOfJobId = (jobId: string): { runId: string; stepId: string } => {
  const dot = jobId.indexOf('.');
  return { runId: jobId.slice(0, dot), stepId: decodeURIComponent(jobId.slice(dot + 1)) };
};

/**
 * Attempts and backoff of a step's job: the step's own retry config (maxRetries + 1 attempts,
 * its delay and backoff factor), else the component's `attempts` with no delay.
 */
export function stepJobAttempts(step: StepSpec, config: BullmqConfig): { attempts: number; backoff?: { type: string; delay: number } } {
  const retry = step.config.retry;
  if (!retry) return { attempts: config.attempts ?? 1 };
  return { attempts: Math.max(0, retry.maxRetries ?? 0) + 1, backoff: { type: `zenml-x${retry.backoff ?? 1}`, delay: Math.max(0, retry.delayMs ?? 0) } };
}

/** The delay before attempt `attemptsMade + 1` for a backoff type written by stepJobAttempts. */
export function stepBackoff(attemptsMade: number, type: string | undefined, delay: number): number {
  const factor = Number(/^zenml-x(.+)$/.exec(type ?? '')?.[1] ?? 1);
  return Math.round(delay * Math.pow(Number.isFinite(factor) ? factor : 1, Math.max(0, attemptsMade - 1)));
}

/** Opens a Redis connection as BullMQ wants it (blocking commands never time out). */
export async function openRedis(config: BullmqConfig): Promise<Redis> {
  const { Redis } = await import('ioredis');
  return new Redis(config.redisUrl ?? DEFAULT_REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** The queue of one orchestrator component and the run bookkeeping beside it. */
export class StepQueue {
  private constructor(
    readonly queue: Queue<StepJobData, StepJobResult>,
    readonly redis: Redis,
    private readonly config: BullmqConfig,
  ) {}

  static async open(config: BullmqConfig, redis?: Redis): Promise<StepQueue> {
    const { Queue } = await import('bullmq');
    const connection = redis ?? (await openRedis(config));
    const queue = new Queue<StepJobData, StepJobResult>(queueName(config), { connection });
    return new StepQueue(queue, connection, config);
  }

  private key(runId: string, what: 'queued' | 'pending' | 'failed' | 'ended'): string {
    return `zenml:${queueName(this.config)}:run:${runId}:${what}`;
  }

  /**
   * Queues steps of a run (idempotent: a job id is the run and step; a step queued before
   * is not counted pending again). The bookkeeping is written before the jobs, so a step is
   * never running without being pending.
   */
  async enqueue(ids: Omit<StepJobData, 'stepId'>, steps: StepSpec[]): Promise<void> {
    if (steps.length === 0) return;
    await this.redis.eval(MARK_QUEUED, 2, this.key(ids.runId, 'queued'), this.key(ids.runId, 'pending'), RUN_KEY_TTL_S, ...steps.map((step) => step.id));
    await this.queue.addBulk(
      steps.map((step) => ({
        name: step.id,
        data: { ...ids, stepId: step.id },
        opts: {
          jobId: stepJobId(ids.runId, step.id),
          ...stepJobAttempts(step, this.config),
          removeOnComplete: { age: 3600, count: 10_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      })),
    );
  }

  /** A step of the run is over (whatever its outcome): how many queued steps are left. */
  async release(runId: string, stepId: string): Promise<number> {
    const pending = this.key(runId, 'pending');
    const result = await this.redis.multi().srem(pending, stepId).scard(pending).exec();
    return Number(result?.[1]?.[1] ?? 0);
  }

  /** After a failed step no new step of the run starts (fail-fast), on any worker. */
  async markFailed(runId: string): Promise<void> {
    await this.redis.set(this.key(runId, 'failed'), '1', 'EX', RUN_KEY_TTL_S);
  }

  async hasFailed(runId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(runId, 'failed'))) === 1;
  }

  /** True for exactly one caller per run: the one that records its end. */
  async claimRunEnd(runId: string): Promise<boolean> {
    return (await this.redis.set(this.key(runId, 'ended'), String(process.pid), 'EX', RUN_KEY_TTL_S, 'NX')) === 'OK';
  }

  /** Removes the run's jobs that wait or are delayed (a stop); jobs being run are left to their workers. */
  async removeWaiting(runId: string, spec: SnapshotSpec): Promise<void> {
    for (const step of spec.steps) {
      const job = await this.queue.getJob(stepJobId(runId, step.id));
      if (!job) continue;
      const state = await job.getState();
      if (state === 'waiting' || state === 'delayed' || state === 'prioritized') {
        await job.remove().catch(() => undefined);
        await this.release(runId, step.id);
      }
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.redis.quit().catch(() => undefined);
  }
}
