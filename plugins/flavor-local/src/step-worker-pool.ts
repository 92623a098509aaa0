import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { errorMessage } from 'zenml/plugin';
import type { StepReply, StepRequest } from './step-worker.js';

/** How a step handed to a worker ended, as far as the thread can tell (the store has the rest). */
export type WorkerResult = { kind: 'finished' } | { kind: 'died'; reason: string };

/** Idle workers end after this long without a step, releasing their memory and store connection. */
const IDLE_MS = 60_000;

/**
 * Worker threads that run steps one at a time each and are kept for the next step, of this
 * run or a later one: the pipeline file is imported, and the store opened, once per worker
 * rather than once per step or per run (that start-up costs each worker about half a second
 * of CPU, as much as a short step). Idle workers do not keep the process alive and end after
 * a minute without work. A worker that dies (process.exit in a step, an uncaught error) is
 * dropped and replaced on demand; its death is the step's failure, never the main process's.
 */
export class StepWorkerPool {
  private readonly idle: Worker[] = [];
  private readonly live = new Set<Worker>();
  private readonly waiting: Array<(worker: Worker | undefined) => void> = [];
  private readonly idleTimers = new Map<Worker, NodeJS.Timeout>();
  private closed = false;

  /** `size`: most workers alive at once; a step beyond that waits for a free worker. */
  constructor(private readonly size: number) {}

  /**
   * Runs one step in a worker. `signal` (the run's stop) ends the worker running it, or
   * settles a step still waiting for a worker without starting it.
   */
  async run(request: StepRequest, onStart?: () => void, signal?: AbortSignal): Promise<WorkerResult> {
    const worker = await this.acquire(signal);
    if (!worker) return { kind: 'died', reason: 'never started: its worker pool was closed or its run stopped' };
    onStart?.();
    return new Promise<WorkerResult>((resolve) => {
      let crash: string | undefined;
      const done = (result: WorkerResult, reusable: boolean) => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
        if (reusable) this.release(worker);
        resolve(result);
      };
      const onMessage = (reply: StepReply) => {
        if (reply.stepId !== request.stepId) return;
        done(reply.ok ? { kind: 'finished' } : { kind: 'died', reason: `failed in its worker thread: ${reply.error}` }, true);
      };
      // An uncaught error ends the worker; 'exit' follows and settles the step with it.
      const onError = (error: Error) => void (crash ??= errorMessage(error).split('\n')[0]);
      const onExit = (code: number) =>
        done({ kind: 'died', reason: crash ? `crashed its worker thread: ${crash}` : `ended its worker thread with exit code ${code}` }, false);
      const onAbort = () => void worker.terminate().catch(() => undefined);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage(request);
    });
  }

  /** Ends every worker; a step still running in one settles as died, a waiting one never starts. */
  async close(): Promise<void> {
    this.closed = true;
    this.idle.length = 0;
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    for (const waiter of this.waiting.splice(0)) waiter(undefined);
    await Promise.all([...this.live].map((worker) => worker.terminate().catch(() => undefined)));
  }

  private acquire(signal?: AbortSignal): Promise<Worker | undefined> {
    if (this.closed || signal?.aborted) return Promise.resolve(undefined);
    const worker = this.idle.pop() ?? (this.live.size < this.size ? this.spawn() : undefined);
    if (worker) return Promise.resolve(this.busy(worker));
    return new Promise((resolve) => {
      const waiter = (next: Worker | undefined) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(next && this.busy(next));
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** A worker running a step keeps the process alive (the run awaits it); an idle one does not. */
  private busy(worker: Worker): Worker {
    clearTimeout(this.idleTimers.get(worker));
    this.idleTimers.delete(worker);
    worker.ref();
    return worker;
  }

  private release(worker: Worker): void {
    if (this.closed) return;
    const next = this.waiting.shift();
    if (next) return next(worker);
    worker.unref();
    this.idle.push(worker);
    const timer = setTimeout(() => void worker.terminate().catch(() => undefined), IDLE_MS);
    timer.unref();
    this.idleTimers.set(worker, timer);
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./step-worker.js', import.meta.url), { execArgv: withoutTsx(process.execArgv) });
    this.live.add(worker);
    // Always listened to: an 'error' event with no listener would throw in this thread.
    worker.on('error', () => undefined).on('exit', () => {
      this.live.delete(worker);
      clearTimeout(this.idleTimers.get(worker));
      this.idleTimers.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      // A step waiting for the worker that died gets a fresh one.
      if (!this.closed && this.waiting.length > 0) this.waiting.shift()!(this.spawn());
    });
    return worker;
  }
}

let shared: { key: string; pool: StepWorkerPool } | undefined;

/**
 * The pool of this process, kept across runs; `size` is fixed by its first caller (one
 * worker per core: more cannot speed CPU-bound steps up), each run's `maxParallelism`
 * limits how many of them its steps use. A worker copies the environment, working
 * directory and Node flags it was started with, so a change to any of them (another config
 * dir, store or project) ends the kept workers and starts new ones with what is current.
 */
export function sharedStepWorkerPool(size: number): StepWorkerPool {
  const key = createHash('sha256').update(JSON.stringify([process.env, process.cwd(), process.execArgv])).digest('hex');
  if (shared?.key !== key) {
    void shared?.pool.close();
    shared = { key, pool: new StepWorkerPool(size) };
  }
  return shared.pool;
}

/** Ends the kept workers now (tests, or a process that wants its threads gone before exit). */
export async function closeSharedStepWorkerPool(): Promise<void> {
  const closing = shared?.pool.close();
  shared = undefined;
  await closing;
}

/**
 * The parent's Node flags minus a tsx loader: Node 20 does not apply `--import tsx` hooks
 * inside workers, and a worker that believes it has them would not register tsx itself
 * when it imports a .ts pipeline file.
 */
function withoutTsx(execArgv: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i];
    if (/^(--import|--loader|--experimental-loader|--require|-r)$/.test(arg) && execArgv[i + 1]?.includes('tsx')) i++;
    else if (!arg.includes('tsx')) kept.push(arg);
  }
  return kept;
}
