import { sha256Hex } from '../core/sha256.js';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { ArtifactVersion } from '../artifacts/artifact-version.js';
import { RecentFiles } from '../artifacts/recent-files.js';
import { artifactStoreLocator, rememberArtifactStore } from '../stack/artifact-store-factory.js';
import { errorMessage, UsageError } from '../core/errors.js';
import { ACTIVE_RUN_STATUSES } from './dead-runs.js';
import { resolveSecretReferences } from '../secrets/resolve.js';
import { runRedactor } from '../secrets/step-secrets.js';
import type { CompiledPipeline } from '../core/step-config.js';
import type { PipelineRunResult, StepRunResult } from './run-result.js';
import type { StepSpec } from '../core/snapshot.js';
import { getZenContext, resolveActiveStack, type ZenContext } from '../context/zen-context.js';
import { loadFlavorRegistry } from '../stack/flavor-registry.js';
import type { RunJob } from '../stack/orchestrator.js';
import { Stack } from '../stack/stack.js';
import type { ArtifactVersionModel, ExecutionStatus, RunModel, StepRunModel } from '../core/entities.js';
import { createRunWithUniqueName, runNameRequest } from './run-names.js';
import { runStep } from './step-runner.js';
import { crashPoint } from '../core/crash-points.js';
import { installCrashTestHook } from './crash-test-hook.js';
import { RunControl } from './run-control.js';
import { interruptsHosted, signalExitCode } from '../core/interrupts.js';
import { sweepTempFolders } from './temp-sweep.js';
import { releaseCommitted } from '../artifacts/write.js';
import { callHook } from './hooks.js';
import type { PipelineHookContext } from '../core/hook-config.js';
import { allStepsSucceeded } from './run-outcome.js';
import { flushWrites, groupWrites } from './grouped-writes.js';
import { runStopOf } from './step-phases/run-stop.js';

/** Where a run came from, when not from a plain call: the schedule firing that launched it. */
export interface LaunchOrigin {
  scheduleId?: string;
  /** The scheduled time of the firing (kept in the run's config as `scheduledFor`). */
  scheduledFor?: string;
}

/** Runs a compiled pipeline on its stack and resolves with the finished run. */
export async function launchRun(compiled: CompiledPipeline, zenContext?: ZenContext, origin: LaunchOrigin = {}): Promise<PipelineRunResult> {
  installCrashTestHook();
  const context = zenContext ?? (await getZenContext());
  const { store } = context;
  const { spec } = compiled;
  const stack = await loadRunStack(context, spec.stack);
  const [orchestrator, artifactStore] = await Promise.all([stack.orchestrator(), stack.artifactStore()]);
  const detach = compiled.options.detach === true;
  if (detach && !orchestrator.workerDriven) {
    throw new UsageError(`Stack '${stack.model.name}' runs steps in this process, so the run cannot be detached.`, 'Drop --detach, or run on a stack whose orchestrator has workers (e.g. flavor bullmq).');
  }
  rememberArtifactStore(context, artifactStore);
  // Leftovers of writers that died mid-write on this host; a failure here must not stop the
  // run. Only other processes' leftovers are touched, so the sweep (two folder listings on the
  // thread pool, mostly) goes on beside the run's start and is awaited before the run returns.
  const swept = sweepTempFolders(artifactStore, store).catch(() => undefined);
  if (spec.source?.file && !spec.source.hash) spec.source.hash = sourceHash(spec.source.file);

  // One call stores the pipeline, the snapshot and the run, already running; the store settles
  // the name first, so a name the user chose that is taken leaves the store untouched.
  // A run of steps that declare secrets never carries their values in its name or tags (nor in its stored snapshot).
  const { redactor, remember: rememberRunSecrets } = await runRedactor(context, spec.steps);
  if (spec.runName !== undefined) spec.runName = redactor.text(spec.runName);
  spec.tags = redactor.value(spec.tags);
  const { name: runName, onNameTaken } = runNameRequest(spec.pipeline.name, spec.runName);
  let run = await createRunWithUniqueName(runName, spec.runName, (name) =>
    store.startRun({
      pipeline: { name: spec.pipeline.name, description: spec.pipeline.description },
      snapshot: { spec, sourceFile: spec.source?.file, sourceExport: spec.source?.export },
      run: {
        // This process drives the run, whichever machine holds the store (a server records what it is told).
        pid: process.pid,
        host: hostname(),
        name,
        stackId: stack.model.id,
        config: { parameters: spec.parameters, settings: spec.settings, extra: spec.extra, enableCache: compiled.options.enableCache, ...(origin.scheduledFor ? { scheduledFor: origin.scheduledFor } : {}) },
        tags: spec.tags,
        originalRunId: spec.resumeFrom?.runId,
        scheduleId: origin.scheduleId,
      },
      status: 'running',
      onNameTaken,
    }).then((result) => result.run),
  );
  const { snapshotId } = run;
  rememberRunSecrets(run.id);
  crashPoint('run:created');
  const progress = compiled.options.onProgress;
  // Time-based, not per step: one call per tick polls for a stop request, and every few ticks
  // that call is the heartbeat (see RunControl).
  const control = new RunControl(store, run.id).start();
  const stopListening = listenForInterrupts(run.name, control);
  // Execution mode failFast stops the running steps of this run without stopping the run.
  const failFast = new AbortController();
  const stepSignal = AbortSignal.any([control.signal, failFast.signal]);
  const stepStop = runStopOf(stepSignal);
  const pipelineHook = (hook: 'onInit' | 'onCleanup', context: PipelineHookContext) =>
    callHook(hook, spec.hooks?.[hook], `pipeline.${hook}`, compiled.hookFunctions, [context], { owner: `pipeline '${spec.pipeline.name}'`, redactor });

  const finished = new Map<string, StepRunModel>();
  // Versions the run's steps registered or reused, so steps and the result need not re-read them.
  const versions = new Map<string, ArtifactVersionModel>();
  const recentFiles = new RecentFiles();
  let firstError: string | undefined;
  let initFailed = false;
  try {
    crashPoint('run:running');
    progress?.({ kind: 'run', status: 'running', runName: run.name });
    const job: RunJob = {
      run,
      snapshotId,
      spec,
      store,
      artifactStore,
      settings: (spec.settings.orchestrator as Record<string, unknown> | undefined) ?? {},
      runStepInProcess: async (step: StepSpec) => {
        const definition = compiled.steps.get(step.element?.of ?? step.id)!;
        // Steps in this process share store commits (see grouped-writes.ts).
        const outcome = await groupWrites(store, () => runStep({
          context,
          run,
          spec,
          step,
          definition,
          artifactStore,
          finished,
          versions,
          recentFiles,
          materializers: compiled.materializers,
          hookFunctions: compiled.hookFunctions,
          stop: stepStop,
          onStatus: (status, detail) => progress?.({ kind: 'step', invocationId: step.id, status, runName: run.name, ...detail }),
        })).catch((error) => {
          // The store itself failed (no step run to carry the error): keep it for the run.
          firstError ??= `Step '${step.id}' failed: ${errorMessage(error)}`;
          throw error;
        });
        finished.set(step.id, outcome.stepRun);
        if (outcome.error) firstError ??= `Step '${step.id}' failed: ${outcome.error}`;
        return outcome;
      },
      markSkipped: async (step: StepSpec) => {
        await store.createStepRun({ runId: run.id, invocationId: step.id, stepName: step.stepName, status: 'skipped', parameters: step.parameters, config: { ...step.config }, inputs: {} });
        progress?.({ kind: 'step', invocationId: step.id, status: 'skipped', runName: run.name });
      },
      stopRequested: () => control.stopRequested(),
      abortRunningSteps: async (running) => {
        await markActiveStepsStopped(store, run.id);
        failFast.abort();
        const recorded = new Set((await store.listStepRuns(run.id)).map((stepRun) => stepRun.invocationId));
        for (const step of running) {
          if (recorded.has(step.id)) continue;
          await store.createStepRun({ runId: run.id, invocationId: step.id, stepName: step.stepName, status: 'stopped', parameters: step.parameters, config: { ...step.config }, inputs: {} });
          progress?.({ kind: 'step', invocationId: step.id, status: 'stopped', runName: run.name });
        }
      },
      signal: stepSignal,
      reportStep: (step, status, detail) => progress?.({ kind: 'step', invocationId: step.id, status, runName: run.name, ...detail }),
      rememberVersions: (reported) => reported.forEach((version) => versions.set(version.id, version)),
      materializers: compiled.materializers,
      detach,
      stackComponent: (type) => stack.optionalComponent(type),
    };
    // onInit runs once, here, before any step; when it fails no step runs and the run fails.
    const initFailure = await pipelineHook('onInit', { pipeline: { name: spec.pipeline.name }, run });
    if (initFailure !== undefined) {
      initFailed = true;
      firstError = `The onInit hook failed: ${initFailure}`;
      for (const step of spec.steps) await job.markSkipped(step);
    }
    // An immediate stop does not wait for running steps (JS cannot be killed): the run ends now.
    else await Promise.race([orchestrator.run(job), control.whenAborted()]);
  } catch (error) {
    firstError ??= errorMessage(error);
  } finally {
    control.dispose();
    // Whatever the steps wrote is committed before the run's end is decided and reported.
    await flushWrites(store).catch((error: unknown) => {
      firstError ??= errorMessage(error);
    });
  }
  // Until the run is recorded, a second Ctrl-C still quits at once (see listenForInterrupts).
  crashPoint('run:before-final');
  if (orchestrator.workerDriven && !control.interruptedBy && !initFailed) {
    // Workers record the run's end (a detached run is still going): report what the store says.
    const recorded = await store.getRun(run.id);
    if (detach || !(ACTIVE_RUN_STATUSES as readonly string[]).includes(recorded.status)) {
      stopListening();
      if (!detach) {
        // A detached run ends on the workers: its onCleanup does not run (see README, hooks).
        await pipelineHook('onCleanup', { pipeline: { name: spec.pipeline.name }, run: recorded, status: recorded.status });
        progress?.({ kind: 'run', status: recorded.status, runName: recorded.name, error: recorded.statusReason });
      }
      const result = await runResult(context, recorded, await store.listStepRuns(run.id), recorded.statusReason, versions);
      await swept;
      return result;
    }
  }
  // Every step ran here and completed: the store has nothing to add (a late stop changes
  // nothing either), so the result needs no read-back. Otherwise ask it.
  const ranHere = spec.steps.map((step) => finished.get(step.id));
  const allDoneHere = !firstError && ranHere.every((stepRun) => stepRun !== undefined && (stepRun.status === 'completed' || stepRun.status === 'cached'));
  let stepRuns: StepRunModel[];
  if (allDoneHere) stepRuns = inCreationOrder(ranHere as StepRunModel[]);
  else {
    if (!control.stopRequested()) await control.poll();
    if (control.stopMode === 'immediate') await markActiveStepsStopped(store, run.id);
    stepRuns = await store.listStepRuns(run.id);
  }
  const failed = stepRuns.find((stepRun) => stepRun.status === 'failed');
  if (failed) firstError ??= `Step '${failed.invocationId}' failed: ${failed.error ?? 'unknown error'}`;
  const allDone = allStepsSucceeded(spec, stepRuns);
  let status: ExecutionStatus = !firstError && allDone ? 'completed' : 'failed';
  if (control.interruptedBy && !allDone) {
    // Steps that died with this process's Ctrl-C (child processes get it too) were stopped, not failed.
    status = 'stopped';
    firstError = `interrupted by ${control.interruptedBy}`;
  } else if (control.stopRequested() && !allDone && !failed) {
    status = 'stopped';
    firstError = `stopped by request (${control.stopMode})`;
  }
  run = await store.updateRun(run.id, { status, statusReason: firstError, ended: new Date().toISOString() });
  // The run's versions are all registered (or removed) by now: this process's marker log of the store can go.
  releaseCommitted(artifactStore);
  // After the run is recorded, whatever its status; a failing cleanup is logged and changes nothing.
  await pipelineHook('onCleanup', { pipeline: { name: spec.pipeline.name }, run, status });
  stopListening();
  crashPoint('run:finished');
  progress?.({ kind: 'run', status, runName: run.name, error: firstError });
  const result = await runResult(context, run, stepRuns, firstError, versions);
  await swept;
  if (control.interruptedBy) endInterrupted(control.interruptedBy);
  return result;
}

/**
 * Ctrl-C (SIGINT) or SIGTERM while the run is in progress stops it the way an immediate
 * `zenml pipeline runs stop` does: running steps are abandoned and the run and those steps
 * end `stopped` instead of being found dead later. A second signal quits at once.
 */
function listenForInterrupts(runName: string, control: RunControl): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (control.interruptedBy) process.exit(signalExitCode(signal));
    process.stderr.write(`\nStopping run ${runName} (${signal}); press Ctrl-C again to quit at once.\n`);
    control.interrupt(signal);
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}

/**
 * After an interrupted run is recorded: the CLI exits with 130 (SIGINT) or 143 (SIGTERM)
 * itself; a script gets the signal again, so it ends as it would have without zenml's handler.
 */
function endInterrupted(signal: NodeJS.Signals): void {
  process.exitCode = signalExitCode(signal);
  if (!interruptsHosted() && process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

/** As the store lists a run's steps: by creation time, then invocation id. */
function inCreationOrder(stepRuns: StepRunModel[]): StepRunModel[] {
  return [...stepRuns].sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.invocationId < b.invocationId ? -1 : a.invocationId > b.invocationId ? 1 : 0));
}

async function markActiveStepsStopped(store: ZenContext['store'], runId: string): Promise<void> {
  const ended = new Date().toISOString();
  for (const stepRun of await store.listStepRuns(runId)) {
    if (stepRun.status === 'running' || stepRun.status === 'retrying' || stepRun.status === 'initializing') {
      await store.updateStepRun(stepRun.id, { status: 'stopped', error: 'stopped', ended });
    }
  }
}

/**
 * Read at once, not on the thread pool: the file was just read by the compile (a source file,
 * small), and a run that waits for a pool round trip spends more waiting than reading.
 */
function sourceHash(file: string): string | undefined {
  try {
    return sha256Hex(readFileSync(file));
  } catch {
    return undefined;
  }
}

export async function loadRunStack(context: ZenContext, requested: string | undefined): Promise<Stack> {
  const name = requested ?? (await resolveActiveStack(context.config)).name;
  const stack = await Stack.load(context.store, name, await loadFlavorRegistry(), context.configDir, (config) => resolveSecretReferences(context, config));
  await stack.validate();
  return stack;
}

/** Builds the SDK's view of a finished run (also used by the Client). */
export async function runResult(
  context: ZenContext,
  run: RunModel,
  stepRuns: StepRunModel[],
  error?: string,
  known?: ReadonlyMap<string, ArtifactVersionModel>,
): Promise<PipelineRunResult> {
  const steps: Record<string, StepRunResult> = {};
  const locateStore = artifactStoreLocator(context);
  for (const stepRun of stepRuns) {
    const outputs: Record<string, ArtifactVersion> = {};
    for (const [name, id] of Object.entries(stepRun.outputs)) outputs[name] = new ArtifactVersion(known?.get(id) ?? (await context.store.getArtifactVersion(id)), locateStore);
    steps[stepRun.invocationId] = { id: stepRun.id, invocationId: stepRun.invocationId, status: stepRun.status, cached: stepRun.cached, error: stepRun.error, outputs, stepRun };
  }
  return { ...run, error: error ?? run.statusReason, steps, run };
}
