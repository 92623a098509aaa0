import { Worker } from 'node:worker_threads';
import { errorMessage } from 'zenml/plugin';
import type { StepReply, StepWorkerData } from './step-worker.js';

/** How a step handed to a worker ended, as far as the thread can tell (the store has the rest). */
export type WorkerResult = { kind: 'finished' } | { kind: 'died'; reason: string };

/**
 * Worker threads for one run, each running one step at a time and kept for the next step,
 * so the pipeline file is imported once per worker rather than once per step (that import,
 * the store connection and the flavor registry cost each worker about half a second). A worker that
 * dies (process.exit in a step, an uncaught error) is dropped and replaced on demand; its
 * death is the step's failure, never the main process's.
 */
export class StepWorkerPool {
  private readonly idle: Worker[] = [];
  private readonly live = new Set<Worker>();
  private readonly waiting: Array<(worker: Worker | undefined) => void> = [];
  private closed = false;

  /** `size`: most workers alive at once; a step beyond that waits for a free worker. */
  constructor(
    private readonly data: StepWorkerData,
    private readonly size: number,
  ) {}

  async run(stepId: string, onStart?: () => void): Promise<WorkerResult> {
    const worker = await this.acquire();
    if (!worker) return { kind: 'died', reason: 'never started: its worker pool was closed' };
    onStart?.();
    return new Promise<WorkerResult>((resolve) => {
      let crash: string | undefined;
      const done = (result: WorkerResult, reusable: boolean) => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (reusable) this.release(worker);
        resolve(result);
      };
      const onMessage = (reply: StepReply) => {
        if (reply.stepId !== stepId) return;
        done(reply.ok ? { kind: 'finished' } : { kind: 'died', reason: `failed in its worker thread: ${reply.error}` }, true);
      };
      // An uncaught error ends the worker; 'exit' follows and settles the step with it.
      const onError = (error: Error) => void (crash ??= errorMessage(error).split('\n')[0]);
      const onExit = (code: number) =>
        done({ kind: 'died', reason: crash ? `crashed its worker thread: ${crash}` : `ended its worker thread with exit code ${code}` }, false);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({ stepId });
    });
  }

  /** Ends every worker; a step still running in one settles as died, a waiting one never starts. */
  async close(): Promise<void> {
    this.closed = true;
    this.idle.length = 0;
    for (const waiter of this.waiting.splice(0)) waiter(undefined);
    await Promise.all([...this.live].map((worker) => worker.terminate().catch(() => undefined)));
  }

  private acquire(): Promise<Worker | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    const worker = this.idle.pop() ?? (this.live.size < this.size ? this.spawn() : undefined);
    return worker ? Promise.resolve(worker) : new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker): void {
    if (this.closed) return;
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./step-worker.js', import.meta.url), { workerData: this.data, execArgv: withoutTsx(process.execArgv) });
    this.live.add(worker);
    // Always listened to: an 'error' event with no listener would throw in this thread.
    worker.on('error', () => undefined).on('exit', () => {
      this.live.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      // A step waiting for the worker that died gets a fresh one.
      if (!this.closed && this.waiting.length > 0) this.waiting.shift()!(this.spawn());
    });
    return worker;
  }
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
