import { outcomeAfterRunner, runDag, stepParallelism, type Orchestrator, type RunJob, type StepOutcome, type StepSpec } from 'zenml/plugin';
import { StepProcesses } from './step-processes.js';

interface LocalProcessConfig {
  maxParallelism?: number;
  stepTimeoutSeconds?: number;
}

/**
 * Runs every step as `zenml step-entrypoint` in a child process: the path a remote
 * orchestrator takes, with the machine boundary replaced by a process boundary. The child
 * records the step run in the store; this process only schedules and reads the outcome.
 */
export class LocalProcessOrchestrator implements Orchestrator {
  constructor(private readonly config: LocalProcessConfig) {}

  async run(job: RunJob): Promise<void> {
    const parallelism = stepParallelism(job, this.config.maxParallelism);
    const processes = new StepProcesses(job, parallelism, this.config.stepTimeoutSeconds ? this.config.stepTimeoutSeconds * 1000 : undefined);
    try {
      await runDag(job, (step) => this.runStep(job, processes, step), parallelism);
    } finally {
      await processes.close();
    }
  }

  private async runStep(job: RunJob, processes: StepProcesses, step: StepSpec): Promise<StepOutcome> {
    const started = Date.now();
    job.reportStep?.(step, 'running');
    const ended = await processes.run(step);
    // The child records the step run itself; if it died before it could, record the failure here.
    const outcome = await outcomeAfterRunner(job.store, job.run.id, step, () => {
      const reason = ended.timedOut ? `timed out after ${this.config.stepTimeoutSeconds} s` : `its process exited with ${ended.signal ?? `code ${ended.exitCode}`}`;
      const detail = ended.stderr.trim().split('\n').filter(Boolean).at(-1);
      return `Step '${step.id}' ${reason}${detail ? `: ${detail}` : ''}`;
    });
    job.reportStep?.(step, outcome.status, { durationMs: Date.now() - started, error: outcome.error });
    return outcome;
  }
}
