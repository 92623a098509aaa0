import type { ArtifactStore } from '../core/artifact-store.js';
import { newStepLogsPath, StepLogWriter } from '../artifacts/step-logs.js';

/** ZenML's switch: set on the machine that runs steps, it keeps their output out of the artifact store. */
export const DISABLE_STEP_LOGS_ENV = 'ZENML_DISABLE_STEP_LOGS_STORAGE';

/** The log of one step run as the launcher writes it. */
export class StepRunLogs extends StepLogWriter {
  /** Ends the log of a step that failed with the error that ended it, stack included (a stopped step: nothing more). */
  async closeWithError(error: unknown, stopped = false): Promise<void> {
    if (stopped) return this.close();
    const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    this.write(`${text}\n`);
    await this.close();
  }
}

/** A log for a step run of `runId` about to start, or undefined when step logs are turned off. */
export function openStepLogs(artifactStore: ArtifactStore, runId: string): StepRunLogs | undefined {
  const disabled = process.env[DISABLE_STEP_LOGS_ENV];
  if (disabled && /^(1|true|yes)$/i.test(disabled)) return undefined;
  return new StepRunLogs(artifactStore, newStepLogsPath(runId));
}
