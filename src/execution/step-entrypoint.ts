import { artifactStoreById } from '../stack/artifact-store-factory.js';
import { NotFoundError, UsageError, ZenError } from '../core/errors.js';
import { runStep } from './step-runner.js';
import { PipelineSource } from './pipeline-source.js';
import type { SnapshotSpec, StepSpec } from '../core/snapshot.js';
import type { ZenContext } from '../context/zen-context.js';
import type { StepRunModel } from '../core/entities.js';
import type { ZenStore } from '../store/zen-store.js';
import type { StepOutcome } from '../stack/orchestrator.js';
import { exitWithDriver } from './driver-watch.js';

export interface StepEntrypointRequest {
  snapshotId: string;
  stepId: string;
  runId: string;
  /**
   * For a queue that makes the step's attempts itself (BullMQ job attempts): which attempt
   * this is and whether it is the last one. Without it the step retries in this process.
   */
  attempt?: { number: number; final: boolean };
  /** Aborts on an immediate stop of the run: the step's late result is discarded. */
  signal?: AbortSignal;
}

/**
 * Runs exactly one step of a stored run in this process: what every out-of-process
 * orchestrator executes. The snapshot says which file and export define the pipeline; the
 * pipeline is recompiled with the run's parameters to get the step's function back, and
 * the step goes through the same launcher as an in-process run.
 */
export async function runSnapshotStep(context: ZenContext, request: StepEntrypointRequest): Promise<StepOutcome & { stepRun: StepRunModel }> {
  // A step process of local_process ends with the process that drives its run.
  exitWithDriver();
  const { store } = context;
  const snapshot = await store.getSnapshot(request.snapshotId).catch(badId('--snapshot'));
  const spec = snapshot.spec as SnapshotSpec;
  const run = await store.getRun(request.runId).catch(badId('--run'));
  if (run.snapshotId !== snapshot.id) throw new UsageError(`Run '${run.name}' was not started from snapshot ${snapshot.id}.`);
  const step = spec.steps.find((s) => s.id === request.stepId);
  if (!step) throw new UsageError(`Pipeline '${spec.pipeline.name}' has no step '${request.stepId}'.`, `Steps: ${spec.steps.map((s) => s.id).join(', ')}.`);

  const file = spec.source?.file ?? snapshot.sourceFile;
  if (!file) {
    throw new ZenError(`The snapshot of pipeline '${spec.pipeline.name}' records no source file, so step '${step.id}' cannot run in another process.`, {
      hint: 'Define the pipeline in a file and run it from there.',
    });
  }
  const source = await PipelineSource.load(file, { exportName: spec.source?.export ?? snapshot.sourceExport, pipelineName: spec.pipeline.name }, 'zenml step-entrypoint');
  const compiled = await source.compile({}, spec.parameters);
  const definition = compiled.steps.get(step.id);
  if (!definition) throw new ZenError(`Pipeline '${spec.pipeline.name}' in ${file} no longer has a step '${step.id}'.`, { hint: 'The file changed since the run started; start a new run.' });

  if (!run.stackId) throw new ZenError(`Run '${run.name}' records no stack.`);
  const stack = await store.getStack(run.stackId);
  const artifactStore = await artifactStoreById(context, stack.components.artifact_store);
  const finished = new Map<string, StepRunModel>();
  let previous: StepRunModel | undefined;
  for (const stepRun of await store.listStepRuns(run.id)) {
    if (stepRun.status === 'completed' || stepRun.status === 'cached') finished.set(stepRun.invocationId, stepRun);
    if (stepRun.invocationId === step.id) previous = stepRun;
  }
  // Run twice (a queue job retried after its worker died past this point): the step is done.
  const done = finished.get(step.id);
  if (done) return { status: done.status, stepRun: done };
  const queuedAttempt = request.attempt && { ...request.attempt, previous: previous && previous.status !== 'skipped' ? previous : undefined };
  return runStep({ context, run, spec, step, definition, artifactStore, finished, materializers: compiled.materializers, queuedAttempt, signal: request.signal });
}

/** An id that names nothing is a bad argument of the entrypoint (exit 2), not a failed operation. */
function badId(flag: string): (error: unknown) => never {
  return (error) => {
    if (!(error instanceof NotFoundError)) throw error;
    throw new UsageError(`${error.message.replace(/\.$/, '')} (${flag}).`, 'Pass the ids the orchestrator was given: --snapshot <id> --run <id> --step <invocation id>.');
  };
}

/**
 * The outcome of a step that ran elsewhere (child process, worker thread) once that runner
 * finished: what it recorded in the store, or, when it died before recording an outcome,
 * a failed step run carrying `failure()` so the run never shows a step stuck in `running`.
 */
export async function outcomeAfterRunner(store: ZenStore, runId: string, step: StepSpec, failure: () => string): Promise<StepOutcome> {
  const recorded = (await store.listStepRuns(runId)).filter((s) => s.invocationId === step.id).at(-1);
  if (recorded && recorded.status !== 'running' && recorded.status !== 'retrying') return { status: recorded.status, error: recorded.error };
  const error = failure();
  if (recorded) await store.updateStepRun(recorded.id, { status: 'failed', error, ended: new Date().toISOString() });
  else {
    const created = await store.createStepRun({ runId, invocationId: step.id, stepName: step.stepName, status: 'failed', parameters: step.parameters, config: { ...step.config }, inputs: {} });
    await store.updateStepRun(created.id, { error, ended: new Date().toISOString() });
  }
  return { status: 'failed', error };
}
