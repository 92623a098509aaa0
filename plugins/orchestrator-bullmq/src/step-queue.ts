import type { JobType, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ArtifactVersionModel, SnapshotSpec, StepRunModel, StepSpec } from 'zenml/plugin';
import type { PublishedRun } from './run-cache.js';
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
  /**
   * The records of its upstream steps, when the step that queued it had them all (a child
   * whose only upstream step is that step): the job's first attempt then reads nothing from
   * Redis before it starts. Without it, the worker reads them from the run's bookkeeping.
   */
  upstream?: Record<string, DoneStep>;
}

/** What a finished job returns; the driver draws progress from it. */
export interface StepJobResult {
  status: string;
  error?: string;
  durationMs?: number;
  /** The output versions of a step that succeeded (registered or reused): the driver need not read them back. */
  outputs?: ArtifactVersionModel[];
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

/**
 * Ends a step's job in one round trip: records a step that succeeded (its step run and output
 * versions, for the steps that take them as inputs), or that the run failed (fail-fast);
 * marks queued, once ever each, the children whose every upstream step has succeeded and
 * returns them all (a parent run twice queues them again: their job ids dedupe); then
 * releases the step and, when nothing of the run is left, claims its end for this caller.
 * KEYS: done, queued, pending, failed, ended. ARGV: ttl, step, done record or '', '1' when
 * failed, children as JSON [[id, [upstream...]]...], claimer. Returns {left, claimed, ready...}.
 */
const FINISH_STEP = `
local ttl = tonumber(ARGV[1])
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
  redis.call('EXPIRE', KEYS[1], ttl)
end
if ARGV[4] == '1' then redis.call('SET', KEYS[4], '1', 'EX', ttl) end
local result = {0, 0}
for _, child in ipairs(cjson.decode(ARGV[5])) do
  local ready = true
  for _, upstream in ipairs(child[2]) do
    if redis.call('HEXISTS', KEYS[1], upstream) == 0 then ready = false break end
  end
  if ready then
    if redis.call('SADD', KEYS[2], child[1]) == 1 then redis.call('SADD', KEYS[3], child[1]) end
    table.insert(result, child[1])
  end
end
-- A step that ended counts as queued for good: a late copy of its parent's record (a
-- record Redis refused at first, sent again after this step already ran) cannot put it back.
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('EXPIRE', KEYS[2], ttl)
redis.call('EXPIRE', KEYS[3], ttl)
redis.call('SREM', KEYS[3], ARGV[2])
result[1] = redis.call('SCARD', KEYS[3])
if result[1] == 0 and redis.call('SET', KEYS[5], ARGV[6], 'EX', ttl, 'NX') then result[2] = 1 end
return result`;

/** A step that succeeded, as the queue remembers it for the steps downstream. */
export interface DoneStep {
  stepRun: StepRunModel;
  /** Its output versions (a downstream step then need not read them from the store). */
  versions: ArtifactVersionModel[];
}

/** How a step's job ended, for FINISH_STEP. */
export interface StepEnd {
  done?: DoneStep;
  failed?: boolean;
  /** The steps downstream of it (those whose every upstream step succeeded are queued). */
  children: StepSpec[];
}

/** The states of a job whose step is not over yet (BullMQ's 'wait' list holds a paused queue's jobs too). */
const UNFINISHED_JOB_STATES: JobType[] = ['waiting', 'delayed', 'prioritized', 'active', 'waiting-children'];

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

/**
 * FINISH_STEP, run once per step, as a command of the connection: ioredis sends its text the
 * first time on each socket (a new connection, or one to a restarted Redis, learns it before
 * anything written behind it runs) and only its digest (EVALSHA) after that. Only a script
 * cache flushed under a live connection (SCRIPT FLUSH) makes ioredis send it again behind
 * what followed it; FINISH_STEP and its callers carry that case (see processStep).
 */
interface BookkeepingCommands {
  zenmlFinishStep(...args: Array<string | number>): Promise<Array<number | string>>;
}

function withBookkeepingCommands(redis: Redis): BookkeepingCommands {
  const commands = redis as Redis & Partial<BookkeepingCommands>;
  if (!commands.zenmlFinishStep) redis.defineCommand('zenmlFinishStep', { numberOfKeys: 5, lua: FINISH_STEP });
  return commands as Redis & BookkeepingCommands;
}

/** The queue of one orchestrator component and the run bookkeeping beside it. */
export class StepQueue {
  private constructor(
    readonly queue: Queue<StepJobData, StepJobResult>,
    readonly redis: Redis,
    private readonly config: BullmqConfig,
  ) {
    this.scripts = withBookkeepingCommands(redis);
  }

  private readonly scripts: BookkeepingCommands;

  static async open(config: BullmqConfig, redis?: Redis): Promise<StepQueue> {
    const { Queue } = await import('bullmq');
    const connection = redis ?? (await openRedis(config));
    const queue = new Queue<StepJobData, StepJobResult>(queueName(config), { connection });
    return new StepQueue(queue, connection, config);
  }

  private key(runId: string, what: 'queued' | 'pending' | 'failed' | 'ended' | 'published' | 'done'): string {
    return `zenml:${queueName(this.config)}:run:${runId}:${what}`;
  }

  /**
   * Holds what is written to the connection (also BullMQ's commands, which share it) until
   * `release()` and the promise callbacks then queued have run (the next tick), then sends
   * it in one write: commands sent together reach Redis as one read and are answered in one
   * write, instead of a system call and a wake-up each on both sides. Releasing sooner than
   * a command is written only sends that command apart. Nothing is held while the
   * connection is down.
   */
  holdWrites(): () => void {
    const stream = (this.redis as unknown as { stream?: { cork(): void; uncork(): void } }).stream;
    if (!stream || this.redis.status !== 'ready') return () => undefined;
    stream.cork();
    return () => process.nextTick(() => stream.uncork());
  }

  /** Publishes the run for the workers (see PublishedRun); done by its driver before its first jobs. */
  async publishRun(published: PublishedRun): Promise<void> {
    await this.redis.set(this.key(published.run.id, 'published'), JSON.stringify(published), 'EX', RUN_KEY_TTL_S);
  }

  /**
   * Publishes the run and queues its first steps in one round trip: commands on one
   * connection run in the order sent, so the run is published and the steps are marked
   * pending before their jobs exist, as publishRun then enqueue would have them.
   */
  async publishAndEnqueue(published: PublishedRun, ids: Omit<StepJobData, 'stepId'>, steps: StepSpec[]): Promise<void> {
    await Promise.all([this.publishRun(published), this.enqueue(ids, steps)]);
  }

  /** The id of an event Redis would add to a stream now, less one millisecond (its clock, not this machine's). */
  async eventIdNow(): Promise<string> {
    const [seconds, micros] = await this.redis.time();
    return `${Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - 1}-0`;
  }

  async readPublishedRun(runId: string): Promise<PublishedRun | undefined> {
    const text = await this.redis.get(this.key(runId, 'published'));
    return text ? (JSON.parse(text) as PublishedRun) : undefined;
  }

  /**
   * In one round trip: whether a step of the run failed (asked only when `askFailed`: the
   * modes that start nothing after a failure), and the recorded upstream steps that succeeded.
   * Asked nothing, it answers without a round trip.
   */
  async stepStart(runId: string, upstream: string[], askFailed: boolean): Promise<{ failed: boolean; done: Map<string, DoneStep> }> {
    const done = new Map<string, DoneStep>();
    if (!askFailed && upstream.length === 0) return { failed: false, done };
    const batch = this.redis.multi();
    if (askFailed) batch.exists(this.key(runId, 'failed'));
    if (upstream.length > 0) batch.hmget(this.key(runId, 'done'), ...upstream);
    const replies = (await batch.exec()) ?? [];
    const records = (upstream.length > 0 ? (replies.at(-1)?.[1] ?? []) : []) as Array<string | null>;
    records.forEach((record, index) => record && done.set(upstream[index], JSON.parse(record) as DoneStep));
    return { failed: askFailed && replies[0]?.[1] === 1, done };
  }

  /** True when every step of the run but `stepId` has succeeded (so `stepId`, once done, ends it). */
  async allDoneBut(runId: string, stepId: string, steps: number): Promise<boolean> {
    const replies = (await this.redis.multi().hlen(this.key(runId, 'done')).hexists(this.key(runId, 'done'), stepId).exec()) ?? [];
    return replies[0]?.[1] === steps - 1 && replies[1]?.[1] === 0;
  }

  /**
   * Ends a step's job (see FINISH_STEP): which children are ready, how many queued steps are
   * left, and whether this caller records the run's end. The ready children still need
   * their jobs added (addJobs).
   */
  async finishStep(runId: string, stepId: string, end: StepEnd): Promise<{ ready: StepSpec[]; left: number; claimedEnd: boolean }> {
    const keys = (['done', 'queued', 'pending', 'failed', 'ended'] as const).map((what) => this.key(runId, what));
    const children = JSON.stringify(end.children.map((child) => [child.id, child.upstream]));
    const reply = (await this.scripts.zenmlFinishStep(...keys, RUN_KEY_TTL_S, stepId, end.done ? JSON.stringify(end.done) : '', end.failed ? '1' : '0', children, String(process.pid))) as Array<number | string>;
    const ready = new Set(reply.slice(2).map(String));
    return { ready: end.children.filter((child) => ready.has(child.id)), left: Number(reply[0]), claimedEnd: Number(reply[1]) === 1 };
  }

  /**
   * Queues steps of a run (idempotent: a job id is the run and step; a step queued before
   * is not counted pending again). The bookkeeping is written before the jobs, so a step is
   * never running without being pending.
   */
  async enqueue(ids: Omit<StepJobData, 'stepId'>, steps: StepSpec[]): Promise<void> {
    if (steps.length === 0) return;
    // Sent one after the other without waiting: Redis runs them in that order (one connection).
    // By text, not digest (EVALSHA): a script Redis does not know would be sent again after
    // the jobs, and a job could then run before its step is marked pending (once per run start).
    await Promise.all([this.redis.eval(MARK_QUEUED, 2, this.key(ids.runId, 'queued'), this.key(ids.runId, 'pending'), RUN_KEY_TTL_S, ...steps.map((step) => step.id)), this.addJobs(ids, steps)]);
  }

  /** Adds the jobs of steps already marked queued (by enqueue or finishStep), each with the upstream records given. */
  async addJobs(ids: Omit<StepJobData, 'stepId' | 'upstream'>, steps: StepSpec[], upstream?: Record<string, DoneStep>): Promise<void> {
    const jobs = steps.map((step) => ({
      name: step.id,
      data: { ...ids, stepId: step.id, ...(upstream ? { upstream } : {}) },
      opts: {
        jobId: stepJobId(ids.runId, step.id),
        ...stepJobAttempts(step, this.config),
        removeOnComplete: { age: 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    }));
    // One job (a chain's next step) is one script call; a bulk wraps its calls in a transaction.
    if (jobs.length === 1) await this.queue.add(jobs[0].name, jobs[0].data, jobs[0].opts);
    else if (jobs.length > 1) await this.queue.addBulk(jobs);
  }


  /**
   * The runs with a step whose job is not over: waiting its turn, delayed (a retry's backoff),
   * or active (held by a worker, or by one that died, until BullMQ hands it on). Read from
   * the job ids, which name their run (stepJobId), in one script: no job itself is loaded.
   */
  async runsWithUnfinishedJobs(): Promise<Set<string>> {
    const jobIds = await this.queue.getRanges(UNFINISHED_JOB_STATES, 0, -1);
    return new Set(jobIds.map((jobId) => runOfJobId(jobId).runId));
  }

  /**
   * Whether this caller, of all the workers of the queue, does `chore` for the next `ms`: the
   * first to ask gets it and the others are told no until it lapses, so a chore every worker
   * offers to do is done once per period (one period late at most when its holder died).
   */
  async claimChore(chore: string, ms: number): Promise<boolean> {
    return (await this.redis.set(`zenml:${queueName(this.config)}:chore:${chore}`, String(process.pid), 'PX', ms, 'NX')) === 'OK';
  }

  /** A step of the run is over (whatever its outcome): how many queued steps are left. */
  async release(runId: string, stepId: string): Promise<number> {
    const pending = this.key(runId, 'pending');
    const result = await this.redis.multi().srem(pending, stepId).scard(pending).exec();
    return Number(result?.[1]?.[1] ?? 0);
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
