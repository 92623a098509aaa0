import { availableParallelism } from 'node:os';
import { outcomeAfterRunner, runDag, stepParallelism, UsageError, ZenError, type Orchestrator, type RunJob, type StepOutcome, type StepSpec } from 'zenml/plugin';

export type Isolation = 'none' | 'thread';

interface LocalConfig {
  maxParallelism?: number;
  isolation?: Isolation;
}

/**
 * Runs every step from this process; independent steps overlap up to `maxParallelism`.
 * With `isolation: 'none'` steps share this process's one JavaScript thread; with
 * `'thread'` each runs in a worker thread, so CPU-bound steps can use several cores.
 */
export class LocalOrchestrator implements Orchestrator {
  constructor(private readonly config: LocalConfig) {}

  async run(job: RunJob): Promise<void> {
    const parallelism = stepParallelism(job, this.config.maxParallelism);
    const isolation = job.settings.isolation ?? this.config.isolation ?? 'none';
    if (isolation === 'none') return runDag(job, (step) => job.runStepInProcess(step), parallelism);
    if (isolation !== 'thread') throw new UsageError(`Unknown isolation '${String(isolation)}' for the local orchestrator: use 'none' or 'thread'.`);
    return this.runInThreads(job, parallelism);
  }

  private async runInThreads(job: RunJob, parallelism: number): Promise<void> {
    if (!job.spec.source?.file) {
      throw new ZenError(
        `Pipeline '${job.spec.pipeline.name}' records no source file, so its steps cannot run in worker threads: use isolation 'none' or define the pipeline in a file.`,
      );
    }
    const { sharedStepWorkerPool } = await import('./step-worker-pool.js');
    // More workers than cores cannot speed CPU-bound steps up, and each one pays its own
    // start-up: steps beyond that wait for a free worker. The workers are kept for later runs.
    const pool = sharedStepWorkerPool(availableParallelism());
    await runDag(job, (step) => this.runStepInThread(job, pool, step), parallelism);
  }

  private async runStepInThread(job: RunJob, pool: import('./step-worker-pool.js').StepWorkerPool, step: StepSpec): Promise<StepOutcome> {
    let started = Date.now();
    const request = { snapshotId: job.snapshotId, runId: job.run.id, stepId: step.id };
    const result = await pool.run(
      request,
      () => {
        started = Date.now();
        job.reportStep?.(step, 'running');
      },
      job.signal,
    );
    // An immediate stop ended the worker: the run marks its active steps stopped itself.
    if (job.signal?.aborted) return { status: 'stopped' };
    const outcome = await outcomeAfterRunner(job.store, job.run.id, step, () => `Step '${step.id}' ${result.kind === 'died' ? result.reason : 'recorded no outcome'}`);
    job.reportStep?.(step, outcome.status, { durationMs: Date.now() - started, error: outcome.error });
    return outcome;
  }
}
