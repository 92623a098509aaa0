import type { Job, MinimalJob, Worker } from 'bullmq';
import {
  ACTIVE_RUN_STATUSES,
  errorMessage,
  getZenContext,
  outcomeAfterRunner,
  runSnapshotStep,
  type ArtifactVersionModel,
  type KnownRun,
  type RunModel,
  type SnapshotSpec,
  type StepOutcome,
  type StepRunModel,
  type StepSpec,
  type WorkerOptions,
  type ZenContext,
} from 'zenml/plugin';
import { heartbeatMs, lockTimings, queueName, redisLocation, workerConcurrency, DEFAULT_REDIS_URL, type BullmqConfig } from './config.js';
import { handoverWorkerClass, type HandoverWorker } from './handover-worker.js';
import { QueuedRunHeartbeats } from './queued-run-heartbeats.js';
import { freshEnough, RunCache, type CachedRun } from './run-cache.js';
import { recordRunEnd } from './run-graph.js';
import { openRedis, stepBackoff, StepQueue, type DoneStep, type StepEnd, type StepJobData, type StepJobResult } from './step-queue.js';
import { countStoreCalls, type StoreCallCounter } from './store-call-counter.js';

/** How long a stop request may go unseen, as in process: often on a local store, once a second through a server. */
const stopPollMs = (storeUrl: string): number => Number(process.env.ZENML_STOP_POLL_MS) || (/^https?:\/\//i.test(storeUrl) ? 1_000 : 250);
const HEARTBEAT_MS = heartbeatMs();
/** How many times a chain step's refused record is sent again before its run is marked failed. */
const FINISH_RETRIES = 3;

/** The SQL store's commit grouping (src/execution/grouped-writes.ts), found on a store in this process only. */
interface GroupingStore {
  groupWrites<T>(work: () => Promise<T>): Promise<T>;
  flushWrites(): Promise<void>;
}

/**
 * A worker of one queue: takes step jobs, runs each through the step entrypoint in this
 * process against this machine's store, then queues the steps that became ready and, when
 * nothing of the run is left, records the run's end (with the last step's completion when
 * it can). BullMQ hands a job whose worker died (its lock expired) to another worker; the
 * step entrypoint then carries on the step run the dead worker left instead of starting a
 * second one, and the store completes a step run only once.
 */
export class StepWorker {
  private worker?: HandoverWorker;
  private scheduleWorker?: Worker;
  /** Connections handed to BullMQ workers: BullMQ leaves a connection it was given open, so close() quits them. */
  private readonly connections: Array<{ quit(): Promise<unknown> }> = [];
  private queue?: StepQueue;
  private readonly runs: RunCache;
  /** Runs with a step running here: their stop controller, how many steps, and what is known of them. */
  private readonly held = new Map<string, { abort: AbortController; steps: number; entry: CachedRun }>();
  private watcher?: NodeJS.Timeout;
  private watching = false;
  private heartbeats?: QueuedRunHeartbeats;
  private readonly storeCalls: StoreCallCounter;
  private readonly watchMs: number;

  constructor(
    private readonly config: BullmqConfig,
    private readonly context: ZenContext,
  ) {
    this.storeCalls = countStoreCalls(context.store);
    this.watchMs = stopPollMs(context.store.url);
    this.runs = new RunCache(context.store, (runId) => this.queue!.readPublishedRun(runId));
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
    // The worker completes its jobs on the queue's own connection (BullMQ blocks on a
    // duplicate of it): a chain step's record, its child's job and its completion then
    // reach Redis in that order, so they go out together and the completion's reply
    // brings the next job (see processStep).
    const StepJobsWorker = handoverWorkerClass(Worker);
    this.worker = new StepJobsWorker(queueName(this.config), (job, token) => this.process(job, token), {
      connection: this.queue.redis,
      concurrency,
      ...lockTimings(),
      // A job is handed on twice at most after its worker died, then it fails.
      maxStalledCount: 2,
      settings: { backoffStrategy: (attemptsMade: number, type?: string, _error?: Error, job?: MinimalJob) => stepBackoff(attemptsMade, type, Number(job?.opts.backoff && typeof job.opts.backoff === 'object' ? job.opts.backoff.delay : 0)) },
    });
    await this.worker.waitUntilReady();
    // Ticks finer than the poll itself, so each run is read when its last read gets too old.
    this.watcher = setInterval(() => void this.watch(), Math.max(25, Math.floor(this.watchMs / 4)));
    this.watcher.unref();
    this.heartbeats = new QueuedRunHeartbeats(this.queue, this.context.store, this.storeCalls, HEARTBEAT_MS);
    this.heartbeats.start();
  }

  /** Stops taking jobs and waits for the running ones. */
  async close(): Promise<void> {
    clearInterval(this.watcher);
    this.heartbeats?.stop();
    await this.scheduleWorker?.close();
    await this.worker?.close();
    await this.queue?.close();
    await Promise.all(this.connections.splice(0).map((connection) => connection.quit().catch(() => undefined)));
  }

  private async process(job: Job<StepJobData, StepJobResult>, token?: string): Promise<StepJobResult> {
    try {
      return await this.processStep(job, token);
    } finally {
      // A step that is no chain step said so as soon as its snapshot was known.
      this.worker?.settleHandover(job.id, true);
      this.storeCalls.flush();
    }
  }

  /**
   * A job's first attempt asks the store for nothing but the step's start and completion:
   * the run comes from what its driver published, the upstream outputs from the queue's
   * record of finished steps, and the stop check from the watcher's latest read (as
   * recent as in process). A later attempt (a retry, a step taken over from a worker taken
   * for dead) reads the run and its step runs, to carry on what an earlier attempt left.
   */
  private async processStep(job: Job<StepJobData, StepJobResult>, token?: string): Promise<StepJobResult> {
    const { runId, stepId, snapshotId, storeUrl } = job.data;
    const { store } = this.context;
    if (storeUrl !== store.url) {
      const { UnrecoverableError } = await import('bullmq');
      throw new UnrecoverableError(`This worker's store is ${store.url}, but the run is in ${storeUrl}: start the worker with the run's store configured (zenml connect / ZENML_STORE_URL).`);
    }
    const started = Date.now();
    const entry = await this.runs.get(runId, snapshotId);
    const { spec } = entry.known.snapshot;
    const step = spec.steps.find((s) => s.id === stepId);
    if (!step) throw new Error(`The snapshot of run ${runId} has no step '${stepId}'.`);
    if (!handsOverChild(spec, stepId)) this.worker?.settleHandover(job.id, false);
    const queue = this.queue!;

    const firstAttempt = job.attemptsStarted <= 1;
    if (!firstAttempt) await this.check(entry, () => store.getRun(runId));
    // The stop check the watcher had no step held to make: one per poll interval of run
    // time at most, however many steps (counted with the watcher's, as time-based).
    else if (!freshEnough(entry.checkedAt, Date.now(), this.watchMs)) await this.storeCalls.periodic(() => this.check(entry, () => store.getRun(runId)));
    // Execution mode (the snapshot's, as ZenML's): continueOnFailure (the default) runs what does
    // not depend on a failed step (a failed step queues no children, so nothing is asked here);
    // the other modes start nothing after a failure. failFast here lets steps already running
    // on other workers finish.
    const haltsOnFailure = (spec.executionMode ?? 'continueOnFailure') !== 'continueOnFailure';
    // The upstream records came with the job (a chain step) or are read from the run's bookkeeping.
    const carried = firstAttempt && job.data.upstream && step.upstream.every((id) => job.data.upstream![id]) ? job.data.upstream : undefined;
    const { failed, done } = await queue.stepStart(runId, firstAttempt && !carried ? step.upstream : [], haltsOnFailure);
    if (carried) for (const id of step.upstream) done.set(id, carried[id]);
    const { run } = entry.known;
    let outcome: StepOutcome;
    const versions = new Map<string, ArtifactVersionModel>();
    if (!(ACTIVE_RUN_STATUSES as readonly string[]).includes(run.status) || run.stopRequested || (failed && haltsOnFailure)) {
      // The run ended, is stopping or failed: this step does not start (it ends `skipped`).
      outcome = { status: 'skipped' };
    } else {
      // Every upstream step is recorded before a step is queued; one missing (bookkeeping
      // expired) sends the step the long way, through the store.
      const finished = firstAttempt && done.size === step.upstream.length ? new Map([...done].map(([id, record]) => [id, record.stepRun])) : undefined;
      for (const record of done.values()) for (const version of record.versions) versions.set(version.id, version);
      const known: KnownRun = { ...entry.known, finished, versions };
      outcome = await this.committedBeforeReturn(() => this.runStep(job, token, entry, step, known));
      if (outcome.status === 'retrying') throw new Error(outcome.error ?? 'the attempt failed'); // BullMQ waits its backoff and tries again
    }

    const succeeded = outcome.status === 'completed' || outcome.status === 'cached';
    const stepRun = (outcome as { stepRun?: StepRunModel }).stepRun;
    const record = succeeded && stepRun ? { stepRun, versions: Object.values(stepRun.outputs).flatMap((id) => versions.get(id) ?? []) } : undefined;
    const children = succeeded ? spec.steps.filter((s) => s.upstream.includes(stepId)) : [];
    // A child whose only upstream step is this one is ready now: its job goes out right
    // behind this step's record, without waiting for the reply (one connection, so Redis
    // runs them in order: the child is marked pending before its job exists). The others
    // wait for the record to say whether their every upstream step is done.
    const sole = children.filter((child) => child.upstream.length === 1);
    const ids = { runId, snapshotId, storeUrl };
    const end = { done: record, failed: outcome.status === 'failed', children };
    const release = queue.holdWrites();
    const finishing = Promise.all([queue.finishStep(runId, stepId, end), queue.addJobs(ids, sole, record && { [stepId]: record })]);
    const result: StepJobResult = { status: outcome.status, error: outcome.error, durationMs: Date.now() - started, ...(record ? { outputs: record.versions } : {}) };
    if (firstAttempt && children.length > 0 && sole.length === children.length && queue.redis.status === 'ready') {
      // Every child is queued already: the reply has nothing left to act on (the run's end
      // is claimed by whoever empties its pending steps, and this step's children are
      // pending now). The job's completion goes out right behind them on the same
      // connection, so Redis completes it only after the record and the child's job exist,
      // as if their replies had been awaited, one round trip sooner; its reply carries the
      // next job. The turn of the event loop lets the queue's add reach the connection first;
      // the three are written at once.
      // A reply claiming the run's end comes only when Redis ran the record after the child's
      // job (see FINISH_STEP): the run's end is then this worker's to record.
      finishing.then(
        ([reply]) => this.endIfClaimed(reply.claimedEnd, runId, spec),
        (error: unknown) => this.finishAgain(runId, stepId, end, ids, sole, record, spec, error),
      );
      await new Promise((resolve) => setImmediate(resolve));
      release();
      return result;
    }
    release();
    const [reply] = await finishing;
    await queue.addJobs(ids, reply.ready.filter((child) => !sole.includes(child)));
    if (reply.claimedEnd) result.runEnded = outcome.endedRun ? 'completed' : await recordRunEnd(store, runId, spec);
    return result;
  }

  /**
   * A chain step's record or its child's job that Redis refused after the step's job was
   * completed (a script error, Redis out of memory; a lost connection resends by itself):
   * both are idempotent, so they are sent again a few times. Still refused, the run cannot go
   * on (its next step may never be queued): it is marked failed, saying why, rather than
   * left to wait for ever.
   */
  private async finishAgain(runId: string, stepId: string, end: StepEnd, ids: Omit<StepJobData, 'stepId' | 'upstream'>, sole: StepSpec[], record: DoneStep | undefined, spec: SnapshotSpec, error: unknown): Promise<void> {
    for (let attempt = 1; attempt <= FINISH_RETRIES; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      try {
        const [reply] = await Promise.all([this.queue!.finishStep(runId, stepId, end), this.queue!.addJobs(ids, sole, record && { [stepId]: record })]);
        return await this.endIfClaimed(reply.claimedEnd, runId, spec);
      } catch (again) {
        error = again;
      }
    }
    const reason = `Worker ${process.pid} could not record step '${stepId}' in Redis after ${FINISH_RETRIES + 1} tries (${errorMessage(error)}): the steps after it cannot be queued.`;
    process.emitWarning(`Run ${runId}: ${reason}`);
    const { store } = this.context;
    try {
      // A run that ended meanwhile (stopped) keeps its status.
      if ((ACTIVE_RUN_STATUSES as readonly string[]).includes((await store.getRun(runId)).status)) await store.updateRun(runId, { status: 'failed', statusReason: reason, ended: new Date().toISOString() });
    } catch (failed) {
      process.emitWarning(`Run ${runId} could not be marked failed either: ${errorMessage(failed)}`);
    }
  }

  /** Records the run's end when this worker's bookkeeping reply claimed it. */
  private async endIfClaimed(claimed: boolean, runId: string, spec: SnapshotSpec): Promise<void> {
    if (claimed) await recordRunEnd(this.context.store, runId, spec).catch((error: unknown) => process.emitWarning(`Run ${runId}: its end could not be recorded: ${errorMessage(error)}`));
  }

  /**
   * Runs `work` (one job's step) with its writes to a SQL store sharing one commit, made before
   * this returns or throws, so before the job's completion (or failure) reaches Redis: a
   * quick step's start and completion then cost one commit instead of two, as in process,
   * and a worker killed before that commit leaves the store as if the step never started
   * (the job, not completed, is handed to another worker). Stores without grouping (REST)
   * commit each write as before.
   */
  private async committedBeforeReturn<T>(work: () => Promise<T>): Promise<T> {
    const grouping = this.context.store as Partial<Pick<GroupingStore, 'groupWrites' | 'flushWrites'>>;
    if (!grouping.groupWrites || !grouping.flushWrites) return work();
    try {
      return await grouping.groupWrites(work);
    } finally {
      await grouping.flushWrites();
    }
  }

  /** Runs the step through the step entrypoint as attempt N of its job, holding the run meanwhile. */
  private async runStep(job: Job<StepJobData, StepJobResult>, token: string | undefined, entry: CachedRun, step: StepSpec, known: KnownRun): Promise<StepOutcome> {
    const runId = entry.known.run.id;
    const hold = this.hold(entry);
    const attempts = job.opts.attempts ?? 1;
    const { spec } = entry.known.snapshot;
    // The last step of the run, every other one done: its completion ends the run too.
    const isLeaf = !spec.steps.some((s) => s.upstream.includes(step.id));
    const endsRun = isLeaf ? () => this.queue!.allDoneBut(runId, step.id, spec.steps.length) : undefined;
    const start = (what: KnownRun) =>
      runSnapshotStep(this.context, {
        snapshotId: entry.known.snapshot.id,
        stepId: step.id,
        runId,
        attempt: { number: Math.max(1, job.attemptsStarted), final: job.attemptsMade + 1 >= attempts },
        signal: hold.abort.signal,
        known: what,
        endsRun,
      });
    try {
      // A worker starved past its lock may still be starting this step while this one, handed
      // the job, starts it too: whichever creates the step run second carries on the first's
      // (the long way: the run's step runs are read), if it still holds the job.
      const running = start(known).catch(async (error: unknown) => {
        if ((error as Error)?.name !== 'AlreadyExistsError' || !(await this.holds(job, token))) throw error;
        return start({ ...known, finished: undefined });
      });
      // An immediate stop does not wait for the step function (JavaScript cannot be killed):
      // the step is marked stopped now; its late result is discarded by the launcher.
      return await Promise.race([running, this.whenAborted(hold.abort.signal, running).then(() => this.markStopped(runId, step.id))]);
    } catch (error) {
      // The entrypoint itself failed (the pipeline file is missing here, the store is down):
      // another attempt may do better; after the last one the step is recorded failed. A
      // worker whose hold on the job lapsed (starved past its lock, the job handed to another
      // worker) records nothing: the step, and its step run, are the new holder's now.
      if (job.attemptsMade + 1 < attempts || !(await this.holds(job, token))) throw error;
      return outcomeAfterRunner(this.context.store, runId, step, () => `Step '${step.id}' could not run on worker ${process.pid}: ${errorMessage(error)}`);
    } finally {
      this.release(runId);
    }
  }

  /** Whether this worker still holds the job (its lock carries this worker's token). */
  private async holds(job: Job<StepJobData, StepJobResult>, token: string | undefined): Promise<boolean> {
    if (!token) return true;
    const lock = await this.queue!.redis.get(`${job.queueQualifiedName}:${job.id}:lock`).catch(() => token);
    return lock === token;
  }

  /** Resolves when `signal` aborts before `running` settles (the run's steps here share one signal: each removes its listener). */
  private whenAborted(signal: AbortSignal, running: Promise<unknown>): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const onAbort = () => resolve();
      signal.addEventListener('abort', onAbort, { once: true });
      running.then(
        () => signal.removeEventListener('abort', onAbort),
        () => signal.removeEventListener('abort', onAbort),
      );
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

  private hold(entry: CachedRun): { abort: AbortController } {
    const runId = entry.known.run.id;
    let held = this.held.get(runId);
    if (!held) {
      held = { abort: new AbortController(), steps: 0, entry };
      this.held.set(runId, held);
    }
    held.steps++;
    return held;
  }

  private release(runId: string): void {
    const held = this.held.get(runId);
    if (held && --held.steps === 0) this.held.delete(runId);
  }

  /** Reads the run anew through `read` (a heartbeat update answers with the run too). */
  private async check(entry: CachedRun, read: () => Promise<RunModel>): Promise<void> {
    const checkedAt = Date.now();
    entry.known.run = await read();
    entry.checkedAt = checkedAt;
  }

  /**
   * For each run with a step running here, once its last read is as old as a stop may go
   * unseen: an immediate stop (or the run ending elsewhere) aborts its steps. When the run's
   * heartbeat is due, the read is the heartbeat update, so the dead-run reaper leaves a run
   * alone while workers hold it, at one store call per tick however many steps run (runs
   * whose steps only wait in the queue are kept alive by QueuedRunHeartbeats).
   */
  private async watch(): Promise<void> {
    if (this.watching) return;
    this.watching = true;
    try {
      await this.watchHeld();
    } finally {
      this.watching = false;
    }
  }

  private async watchHeld(): Promise<void> {
    const now = Date.now();
    for (const held of [...this.held.values()]) {
      const { entry } = held;
      if (freshEnough(entry.checkedAt, now, this.watchMs)) continue;
      const runId = entry.known.run.id;
      try {
        await this.storeCalls.periodic(() =>
          this.check(entry, () => {
            if (now - entry.beatAt < HEARTBEAT_MS) return this.context.store.getRun(runId);
            entry.beatAt = now;
            return this.context.store.updateRun(runId, { heartbeat: new Date(now).toISOString() });
          }),
        );
        const { run } = entry.known;
        const ended = !(ACTIVE_RUN_STATUSES as readonly string[]).includes(run.status);
        if ((ended || run.stopRequested === 'immediate') && !held.abort.signal.aborted) held.abort.abort(new Error('the run was stopped'));
      } catch {
        // The next look tries again; a store hiccup must not end the step.
      }
    }
  }
}

/**
 * Whether a step's job, once it succeeds, queues its children itself (each has this step as its
 * only parent) and its completion takes one of them: a chain step (see handover-worker.ts).
 */
function handsOverChild(spec: SnapshotSpec, stepId: string): boolean {
  const children = spec.steps.filter((s) => s.upstream.includes(stepId));
  return children.length > 0 && children.every((child) => child.upstream.length === 1);
}
