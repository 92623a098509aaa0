import { artifactStoreById } from '../stack/artifact-store-factory.js';
import { NotFoundError, UsageError, ZenError } from '../core/errors.js';
import { runStep } from './step-runner.js';
import { releaseCommitted } from '../artifacts/write.js';
import { PipelineSource } from './pipeline-source.js';
import type { SnapshotSpec, StepSpec } from '../core/snapshot.js';
import type { ZenContext } from '../context/zen-context.js';
import type { ArtifactVersionModel, RunModel, SnapshotModel, StepRunModel } from '../core/entities.js';
import type { CompiledPipeline } from '../core/step-config.js';
import { processSingleton } from '../core/process-state.js';
import type { ZenStore } from '../store/zen-store.js';
import type { StepOutcome } from '../stack/orchestrator.js';
import { exitWithDriver } from './driver-watch.js';
import { findStep } from '../core/map-elements.js';
import { nodeCrypto } from '../core/lazy-crypto.js';
import { runStopOf } from './step-phases/run-stop.js';

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
  /** What the caller already knows of the run (a queue worker keeps it per run): the store is not asked again. */
  known?: KnownRun;
  /** See StepRunRequest.endsRun. */
  endsRun?: () => Promise<boolean>;
}

/** A run as a process that runs many of its steps keeps it. */
export interface KnownRun {
  run: RunModel;
  snapshot: Pick<SnapshotModel<SnapshotSpec>, 'id' | 'spec' | 'sourceFile' | 'sourceExport'>;
  /** The artifact store of the run's stack. */
  artifactStoreId: string;
  /**
   * The run's step runs that succeeded so far, by invocation id, when the caller knows this
   * step has no step run yet (a queue job's first attempt): the run's step runs are then not
   * listed. Without it they are, and a step run an earlier attempt left is carried on.
   */
  finished?: Map<string, StepRunModel>;
  /** Artifact versions known by id (the upstream steps' outputs): inputs are not read back. Filled with the step's outputs. */
  versions?: Map<string, ArtifactVersionModel>;
}

/** Recompiled pipelines by store and snapshot: a snapshot never changes, nor does an imported module. */
const compiledSnapshots = processSingleton('compiledSnapshots', () => new Map<string, Promise<CompiledPipeline>>());
const MAX_COMPILED = 64;

/**
 * Runs exactly one step of a stored run in this process: what every out-of-process
 * orchestrator executes. The snapshot says which file and export define the pipeline; the
 * pipeline is recompiled with the run's parameters to get the step's function back (once per
 * snapshot and process), and the step goes through the same launcher as an in-process run.
 */
export async function runSnapshotStep(context: ZenContext, request: StepEntrypointRequest): Promise<StepOutcome & { stepRun: StepRunModel }> {
  // A step process of local_process ends with the process that drives its run.
  exitWithDriver();
  const { store } = context;
  const snapshot = request.known?.snapshot ?? ((await store.getSnapshot(request.snapshotId).catch(badId('--snapshot'))) as SnapshotModel<SnapshotSpec>);
  const spec = snapshot.spec;
  const run = request.known?.run ?? (await store.getRun(request.runId).catch(badId('--run')));
  if (run.snapshotId !== snapshot.id) throw new UsageError(`Run '${run.name}' was not started from snapshot ${snapshot.id}.`);
  const step = findStep(spec, request.stepId);
  if (!step) throw new UsageError(`Pipeline '${spec.pipeline.name}' has no step '${request.stepId}'.`, `Steps: ${spec.steps.map((s) => s.id).join(', ')}.`);

  const compiled = await compiledSnapshot(context, snapshot, step.id);
  const definition = compiled.steps.get(step.element?.of ?? step.id);
  if (!definition) throw new ZenError(`Pipeline '${spec.pipeline.name}' in ${spec.source?.file ?? snapshot.sourceFile} no longer has a step '${step.id}'.`, { hint: 'The file changed since the run started; start a new run.' });

  if (!run.stackId) throw new ZenError(`Run '${run.name}' records no stack.`);
  const artifactStoreId = request.known?.artifactStoreId ?? (await store.getStack(run.stackId)).components.artifact_store;
  const artifactStore = await artifactStoreById(context, artifactStoreId);
  let finished = request.known?.finished;
  let previous: StepRunModel | undefined;
  if (!finished) {
    finished = new Map<string, StepRunModel>();
    for (const stepRun of await store.listStepRuns(run.id)) {
      if (stepRun.status === 'completed' || stepRun.status === 'cached') finished.set(stepRun.invocationId, stepRun);
      if (stepRun.invocationId === step.id) previous = stepRun;
    }
  }
  // Run twice (a queue job retried after its worker died past this point): the step is done.
  const done = finished.get(step.id);
  if (done) return { status: done.status, stepRun: done };
  const queuedAttempt = request.attempt && { ...request.attempt, previous: previous && previous.status !== 'skipped' ? previous : undefined };
  try {
    return await runStep({ context, run, spec, step, definition, artifactStore, finished, versions: request.known?.versions, materializers: compiled.materializers, hookFunctions: compiled.hookFunctions, queuedAttempt, stop: runStopOf(request.signal), endsRun: request.endsRun });
  } finally {
    // Its outputs are registered (or removed): this process's marker log of the store can go.
    releaseCommitted(artifactStore);
  }
}

/**
 * What a step process can do before it is told its step (local_process starts one in a free
 * slot while the steps it may run still wait on others): read the run's snapshot, import and
 * compile its pipeline, create its artifact store. All of it is kept for runSnapshotStep, which
 * reads the run's state afresh; a failure here is left for runSnapshotStep to raise against the
 * step it is then given, as a process started for that step would.
 */
export async function prepareSnapshotRun(context: ZenContext, ids: { snapshotId: string; runId: string }): Promise<void> {
  exitWithDriver();
  const { store } = context;
  const [snapshot, run] = await Promise.all([store.getSnapshot(ids.snapshotId) as Promise<SnapshotModel<SnapshotSpec>>, store.getRun(ids.runId)]);
  const artifactStore = run.stackId ? store.getStack(run.stackId).then((stack) => artifactStoreById(context, stack.components.artifact_store)) : undefined;
  await Promise.all([snapshot.spec.source?.file || snapshot.sourceFile ? compiledSnapshot(context, snapshot, '') : undefined, artifactStore]);
  // What every step loads on first use (new ids, reading its inputs), loaded while nothing waits on it.
  nodeCrypto().randomUUID();
  await import('../artifacts/load.js');
}

/** The snapshot's pipeline, imported from its file and recompiled with the run's parameters, once per process. */
function compiledSnapshot(context: ZenContext, snapshot: KnownRun['snapshot'], stepId: string): Promise<CompiledPipeline> {
  const key = `${context.store.url}|${snapshot.id}`;
  let compiled = compiledSnapshots.get(key);
  if (!compiled) {
    const spec = snapshot.spec;
    const file = spec.source?.file ?? snapshot.sourceFile;
    if (!file) {
      return Promise.reject(
        new ZenError(`The snapshot of pipeline '${spec.pipeline.name}' records no source file, so step '${stepId}' cannot run in another process.`, {
          hint: 'Define the pipeline in a file and run it from there.',
        }),
      );
    }
    compiled = PipelineSource.load(file, { exportName: spec.source?.export ?? snapshot.sourceExport, pipelineName: spec.pipeline.name }, 'zenml step-entrypoint').then((source) =>
      source.compile({}, spec.parameters),
    );
    if (compiledSnapshots.size >= MAX_COMPILED) compiledSnapshots.delete(compiledSnapshots.keys().next().value!);
    compiledSnapshots.set(key, compiled);
    compiled.catch(() => compiledSnapshots.delete(key));
  }
  return compiled;
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
