import { runDag, type Orchestrator, type RunJob } from 'zenml/plugin';

/** Runs every step in this process; independent steps overlap up to `maxParallelism`. */
export class LocalOrchestrator implements Orchestrator {
  constructor(private readonly config: { maxParallelism?: number }) {}

  async run(job: RunJob): Promise<void> {
    const parallelism = Number(job.settings.maxParallelism ?? this.config.maxParallelism) || undefined;
    await runDag(job, (step) => job.runStepInProcess(step), parallelism);
  }
}
