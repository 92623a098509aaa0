import type { ExecutionStatus, SnapshotSpec, StepRunModel, StepSpec, ZenStore } from 'zenml/plugin';
import { ACTIVE_RUN_STATUSES } from 'zenml/plugin';

const SUCCESS = new Set<ExecutionStatus>(['completed', 'cached']);

/** The newest step run of each invocation (a lost worker's attempt is carried on, never doubled). */
export function latestStepRuns(stepRuns: StepRunModel[]): Map<string, StepRunModel> {
  const latest = new Map<string, StepRunModel>();
  for (const stepRun of stepRuns) latest.set(stepRun.invocationId, stepRun);
  return latest;
}

/** Steps with no upstream: queued when the run starts. */
export const rootSteps = (spec: SnapshotSpec): StepSpec[] => spec.steps.filter((step) => step.upstream.length === 0);

/**
 * Records the end of a run once nothing of it is queued or running: the steps that never
 * started are marked skipped, and the run `completed`, `failed` (the first failed step's
 * error) or `stopped`, the way the in-process launcher decides. A run that already ended
 * (a stop recorded by its driver, the dead-run reaper) keeps its status.
 */
export async function recordRunEnd(store: ZenStore, runId: string, spec: SnapshotSpec): Promise<ExecutionStatus> {
  const run = await store.getRun(runId);
  if (!(ACTIVE_RUN_STATUSES as readonly string[]).includes(run.status)) return run.status;
  const latest = latestStepRuns(await store.listStepRuns(runId));
  const allDone = spec.steps.every((step) => SUCCESS.has(latest.get(step.id)?.status as ExecutionStatus));
  for (const step of spec.steps) {
    if (latest.has(step.id)) continue;
    await store.createStepRun({ runId, invocationId: step.id, stepName: step.stepName, status: 'skipped', parameters: step.parameters, config: { ...step.config }, inputs: {} });
  }
  const failed = [...latest.values()].find((stepRun) => stepRun.status === 'failed');
  let status: ExecutionStatus = allDone ? 'completed' : 'failed';
  let reason = failed ? `Step '${failed.invocationId}' failed: ${failed.error ?? 'unknown error'}` : undefined;
  if (!allDone && !failed && run.stopRequested) {
    status = 'stopped';
    reason = `stopped by request (${run.stopRequested})`;
  } else if (!allDone && !failed) {
    reason = 'some steps never ran';
  }
  await store.updateRun(runId, { status, statusReason: reason, ended: new Date().toISOString() });
  return status;
}
