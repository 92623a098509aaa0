import type { ArtifactStore } from '../core/artifact-store.js';
import type { StepExtensionContext } from '../context/step-extension.js';
import { newStepLogsPath, StepLogWriter } from '../artifacts/step-logs.js';
import { secretEnvironment } from '../secrets/step-env.js';

/** ZenML's switch: set on the machine that runs steps, it keeps their output out of the artifact store. */
export const DISABLE_STEP_LOGS_ENV = 'ZENML_DISABLE_STEP_LOGS_STORAGE';

/** The log of one step run as the launcher writes it. */
export class StepRunLogs extends StepLogWriter {
  /** The values of the step's secrets never reach the store (read once per run, as for its environment). */
  async redactSecretsOf(ctx: StepExtensionContext): Promise<void> {
    if ((ctx.step.config.secrets ?? []).length === 0) return;
    // A secret that cannot be read fails the step in its extension, with the reason.
    const variables = await secretEnvironment(ctx).catch(() => undefined);
    if (variables) this.redactSecrets(variables.values());
  }

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
