import { execa } from 'execa';
import { diesWithDriverEnv, outcomeAfterRunner, resolveStepProcessEntrypoint, runDag, stepEntrypointArgs, stepParallelism, stepProcessEnv, stepProcessPluginEnv, type Orchestrator, type RunJob, type StepOutcome, type StepSpec } from 'zenml/plugin';

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
    await runDag(job, (step) => this.runStep(job, step), stepParallelism(job, this.config.maxParallelism));
  }

  private async runStep(job: RunJob, step: StepSpec): Promise<StepOutcome> {
    const started = Date.now();
    job.reportStep?.(step, 'running');
    const outcome = await this.runChild(job, step);
    job.reportStep?.(step, outcome.status, { durationMs: Date.now() - started, error: outcome.error });
    return outcome;
  }

  private async runChild(job: RunJob, step: StepSpec): Promise<StepOutcome> {
    // What `zenml step-entrypoint` runs, without the CLI around it (a step process's start is paid per step).
    const entry = resolveStepProcessEntrypoint();
    // Against a server the child gets a run-scoped workload token, never this user's credentials.
    const storeEnv = await stepProcessEnv(job);
    // Only ids go on the command line; the child reads config (and secrets) from the store.
    const child = await execa(entry.command, [...entry.args, ...stepEntrypointArgs({ snapshotId: job.snapshotId, stepId: step.id, runId: job.run.id })], {
      reject: false,
      stdin: 'ignore',
      timeout: this.config.stepTimeoutSeconds ? this.config.stepTimeoutSeconds * 1000 : undefined,
      // An immediate stop (or this process's Ctrl-C / SIGTERM) ends the step process too.
      cancelSignal: job.signal,
      // And if this process dies without a word (kill -9), the step process ends itself.
      env: { ...(await stepProcessPluginEnv()), ...storeEnv, ...diesWithDriverEnv(), ZENML_STEP_ENTRYPOINT: '1' },
    });
    // The child records the step run itself; if it died before it could, record the failure here.
    return outcomeAfterRunner(job.store, job.run.id, step, () => {
      const reason = child.timedOut ? `timed out after ${this.config.stepTimeoutSeconds} s` : `its process exited with ${child.signal ?? `code ${child.exitCode}`}`;
      const detail = String(child.stderr ?? '').trim().split('\n').filter(Boolean).at(-1);
      return `Step '${step.id}' ${reason}${detail ? `: ${detail}` : ''}`;
    });
  }
}
