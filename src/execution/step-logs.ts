import { hostname } from 'node:os';
import type { ArtifactStore } from '../core/artifact-store.js';
import type { StepExtensionContext } from '../context/step-extension.js';
import { lastChunkSequence, newStepLogsPath, StepLogWriter } from '../artifacts/step-logs.js';
import { secretEnvironment } from '../secrets/step-env.js';

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

const logsDisabled = (): boolean => /^(1|true|yes)$/i.test(process.env[DISABLE_STEP_LOGS_ENV] ?? '');

/** The switch as the steps of one run read it: once per run (each read of process.env is a call into Node's C++ side). */
let switchOfRun: { runId: string; disabled: boolean } | undefined;

/** Where the log of a step run of `runId` about to start goes, or undefined when step logs are turned off. */
export function newStepLogsPathUnlessDisabled(runId: string): string | undefined {
  if (switchOfRun?.runId !== runId) switchOfRun = { runId, disabled: logsDisabled() };
  return switchOfRun.disabled ? undefined : newStepLogsPath(runId);
}

/**
 * The log of a step run that a later attempt carries on (a queued retry, or a step taken over
 * from a worker taken for dead, maybe on another machine): its chunks follow the ones stored
 * so far, after a line naming the attempt, so the step run's one log shows every attempt in
 * order, as an in-process retry's does. A log elsewhere than this artifact store (or none)
 * gives way to a new one.
 */
export async function continueStepLogs(artifactStore: ArtifactStore, runId: string, logsUri: string | undefined, attempt: number): Promise<StepRunLogs | undefined> {
  if (logsDisabled()) return undefined;
  const path = logsUri === undefined ? undefined : artifactStore.pathOf(logsUri);
  const logs = path === undefined ? new StepRunLogs(artifactStore, newStepLogsPath(runId)) : new StepRunLogs(artifactStore, path, await lastChunkSequence(artifactStore, path));
  logs.write(`--- attempt ${attempt} on ${hostname()} (pid ${process.pid}) ---\n`);
  return logs;
}
