import { randomUUID } from 'node:crypto';
import type { ArtifactStore } from '../core/artifact-store.js';
import { loadArtifactValue } from '../artifacts/load.js';
import { artifactStoreById } from '../stack/artifact-store-factory.js';
import { artifactPath, writeArtifact } from '../artifacts/write.js';
import { ZenError, errorMessage } from '../core/errors.js';
import { materializers } from '../materializers/registry.js';
import type { Materializer } from '../core/materializer.js';
import type { InputSpec } from '../core/snapshot.js';
import type { SnapshotSpec, StepSpec } from '../core/snapshot.js';
import type { StepDefinition } from '../core/step-config.js';
import type { ZenContext } from '../context/zen-context.js';
import type { ArtifactVersionModel, NewArtifactVersion, RunModel, StepRunModel } from '../core/entities.js';
import type { StepOutcome } from '../stack/orchestrator.js';
import type { MetadataValue } from '../core/materializer.js';
import { computeCacheKey } from './cache-key.js';
import { crashPoint } from '../core/crash-points.js';
import { installCrashTestHook } from './crash-test-hook.js';
import { reuseOriginalStepRun } from './reuse-step.js';
import { RunStoppedError } from './run-control.js';
import { outputName, runWithStepContext, type StepContextState } from '../context/step-context.js';
import type { StepExtensionContext } from '../context/step-extension.js';
import { STEP_EXTENSIONS } from './step-extensions.js';

export const PROJECT_ID = 'default';

export interface StepRunRequest {
  context: ZenContext;
  run: RunModel;
  spec: SnapshotSpec;
  step: StepSpec;
  definition: StepDefinition;
  artifactStore: ArtifactStore;
  /** Step runs of this run finished so far, by invocation id (their outputs feed inputs). */
  finished: Map<string, StepRunModel>;
  materializers?: Map<string, Materializer>;
  onStatus?: (status: string, detail?: { error?: string; durationMs?: number }) => void;
  /** Aborts when the run is stopped immediately: the step's late result is then discarded. */
  signal?: AbortSignal;
  /**
   * Versions this run registered or reused so far, by id (shared by the run's steps in this
   * process): inputs and outputs are then not read back from the store. Only their immutable
   * fields matter here.
   */
  versions?: Map<string, ArtifactVersionModel>;
}

/**
 * The shared step launcher: every orchestrator ends up here, in process or in a child
 * process. Inputs are loaded from the artifact store, outputs are written atomically and
 * registered, and only then is the step marked completed.
 */
export async function runStep(request: StepRunRequest): Promise<StepOutcome & { stepRun: StepRunModel }> {
  installCrashTestHook();
  const { context, run, step, artifactStore } = request;
  const store = context.store;
  const versions = (request.versions ??= new Map());
  const started = Date.now();
  const reuse = request.spec.resumeFrom?.steps[step.id];
  if (reuse) {
    const reused = await reuseOriginalStepRun(store, artifactStore, run, step, reuse);
    if (reused) {
      await afterComplete({ context, run, spec: request.spec, step, artifactStore }, reused, versions);
      request.onStatus?.('cached', { durationMs: Date.now() - started });
      return { status: 'cached', stepRun: reused };
    }
  }
  const inputVersions: Record<string, ArtifactVersionModel> = {};
  try {
    for (const [name, input] of Object.entries(step.inputs)) inputVersions[name] = await resolveInput(request, name, input);
  } catch (error) {
    // No step run exists yet: record a failed one so the run shows which step failed and why.
    const message = errorMessage(error);
    const created = await store.createStepRun({ runId: run.id, invocationId: step.id, stepName: step.stepName, status: 'failed', parameters: step.parameters, config: { ...step.config }, inputs: {} });
    const failed = await store.updateStepRun(created.id, { error: message, ended: new Date().toISOString() });
    request.onStatus?.('failed', { error: message, durationMs: Date.now() - started });
    return { status: 'failed', error: message, stepRun: failed };
  }

  const cacheKey = computeCacheKey({
    projectId: PROJECT_ID,
    artifactStoreId: artifactStore.id,
    step,
    inputIdentities: Object.fromEntries(Object.entries(inputVersions).map(([name, version]) => [name, version.contentHash ?? version.id])),
  });
  const inputs = Object.fromEntries(Object.entries(inputVersions).map(([name, version]) => [name, version.id]));
  const extensionContext: StepExtensionContext = { context, run, spec: request.spec, step, artifactStore };

  if (step.config.enableCache) {
    const hit = await reusableStepRun(store, artifactStore, cacheKey, versions);
    if (hit) {
      const stepRun = await store.createStepRun({ runId: run.id, invocationId: step.id, stepName: step.stepName, status: 'running', cacheKey, parameters: step.parameters, config: { ...step.config }, inputs });
      const completed = await store.completeStepRun(stepRun.id, { status: 'cached', newVersions: [], reusedOutputs: hit.outputs, originalStepRunId: hit.id });
      await afterComplete(extensionContext, completed, versions);
      request.onStatus?.('cached', { durationMs: Date.now() - started });
      return { status: 'cached', stepRun: completed };
    }
  }

  // The first attempt is recorded with the row itself: one write less for every step.
  let stepRun = await store.createStepRun({ runId: run.id, invocationId: step.id, stepName: step.stepName, status: 'running', cacheKey, parameters: step.parameters, config: { ...step.config }, inputs, attempts: 1 });
  request.onStatus?.('running');
  crashPoint('step:created');
  try {
    const args: Record<string, unknown> = { ...step.parameters };
    for (const [name, version] of Object.entries(inputVersions)) args[name] = await loadArtifactValue(await artifactStoreById(context, version.artifactStoreId), version, request.materializers);
    crashPoint('step:inputs-loaded');

    const versionIds = new Map(step.outputs.map((output) => [output.name, randomUUID()]));
    const state: StepContextState = {
      pipelineName: request.spec.pipeline.name,
      run,
      stepRun,
      invocationId: step.id,
      stepName: step.stepName,
      outputNames: step.outputs.map((output) => output.name),
      outputUri(output?: string) {
        const name = outputName(state, output);
        const spec = step.outputs.find((o) => o.name === name)!;
        return artifactStore.uri(artifactPath(spec.artifactName, versionIds.get(name)!));
      },
      addOutputMetadata(metadata, output) {
        const name = outputName(state, output);
        state.outputMetadata.set(name, { ...(state.outputMetadata.get(name) ?? {}), ...metadata });
      },
      addOutputTags(tags, output) {
        const name = outputName(state, output);
        state.outputTags.set(name, [...(state.outputTags.get(name) ?? []), ...tags]);
      },
      outputMetadata: new Map(),
      outputTags: new Map(),
      stepMetadata: {},
      runMetadata: {},
    };
    for (const extension of STEP_EXTENSIONS) await extension.prepare?.(extensionContext, state);

    const result = await callWithRetries(request, state, args, extensionContext, stepRun.attempts, (update) => {
      stepRun = { ...stepRun, ...update };
      return store.updateStepRun(stepRun.id, update).then(() => undefined);
    });
    crashPoint('step:returned');
    throwIfStopped(request.signal);
    const values = splitOutputs(step, request.definition, result);

    const newVersions: Array<NewArtifactVersion & { outputName: string }> = [];
    try {
      for (const output of step.outputs) {
        if (!(output.name in values)) continue;
        const explicit = output.materializer ? materializerById(request, output.materializer) : undefined;
        const written = await writeArtifact(artifactStore, values[output.name], {
          id: versionIds.get(output.name),
          name: output.artifactName,
          materializer: explicit,
          type: output.artifactType,
          tags: [...output.tags, ...(state.outputTags.get(output.name) ?? [])],
          metadata: state.outputMetadata.get(output.name),
        }).catch((error) => {
          throw new ZenError(`Step '${step.id}' output '${output.name}': ${errorMessage(error)}`, { cause: error });
        });
        newVersions.push({ ...written, outputName: output.name });
      }
    } catch (error) {
      // Committed folders of outputs that will now never be registered.
      for (const version of newVersions) await artifactStore.remove(artifactStore.pathOf(version.uri) ?? '').catch(() => undefined);
      throw error;
    }
    crashPoint('step:outputs-written');
    if (request.signal?.aborted) {
      for (const version of newVersions) await artifactStore.remove(artifactStore.pathOf(version.uri) ?? '').catch(() => undefined);
      throwIfStopped(request.signal);
    }
    if (Object.keys(state.stepMetadata).length > 0) await store.addMetadata('step_run', stepRun.id, state.stepMetadata);
    if (Object.keys(state.runMetadata).length > 0) await store.addMetadata('pipeline_run', run.id, state.runMetadata);
    const completed = await store.completeStepRun(stepRun.id, {
      status: 'completed',
      newVersions,
      onRegistered: (registered) => registered.forEach((version) => versions.set(version.id, version)),
    });
    crashPoint('step:completed');
    await afterComplete(extensionContext, completed, versions);
    request.onStatus?.('completed', { durationMs: Date.now() - started });
    return { status: 'completed', stepRun: completed };
  } catch (error) {
    const message = errorMessage(error);
    if (request.signal?.aborted) {
      // The run was stopped: the launcher already marked this step; its outcome is moot.
      const stopped = await store.updateStepRun(stepRun.id, { status: 'stopped', error: 'stopped', ended: new Date().toISOString() });
      request.onStatus?.('stopped', { durationMs: Date.now() - started });
      return { status: 'stopped', error: 'stopped', stepRun: stopped };
    }
    const failed = await store.updateStepRun(stepRun.id, { status: 'failed', error: message, ended: new Date().toISOString() });
    request.onStatus?.('failed', { error: message, durationMs: Date.now() - started });
    return { status: 'failed', error: message, stepRun: failed };
  }
}

async function callWithRetries(
  request: StepRunRequest,
  state: StepContextState,
  args: Record<string, unknown>,
  extensionContext: StepExtensionContext,
  attemptsRecorded: number,
  update: (fields: Partial<StepRunModel>) => Promise<void>,
): Promise<unknown> {
  const retry = request.step.config.retry;
  const maxRetries = Math.max(0, retry?.maxRetries ?? 0);
  let delay = Math.max(0, retry?.delayMs ?? 0);
  const store = request.context.store;
  for (let attempt = 1; ; attempt++) {
    if (attempt > attemptsRecorded) await update({ attempts: attempt, ...(attempt > 1 ? { status: 'running' } : {}) });
    if (attempt > 1) {
      await syncRunRetrying(store, request.run.id);
      request.onStatus?.('running');
    }
    const attemptStarted = new Date().toISOString();
    const recordAttempt = (outcome: Record<string, MetadataValue>) =>
      maxRetries > 0
        ? store.addMetadata('step_run', state.stepRun.id, { [`attempt_${attempt}`]: { started: attemptStarted, ended: new Date().toISOString(), ...outcome } })
        : Promise.resolve();
    try {
      let body = () => Promise.resolve(runWithStepContext(state, () => request.definition.fn(args)));
      for (const extension of [...STEP_EXTENSIONS].reverse()) {
        if (extension.around) {
          const inner = body;
          body = () => extension.around!(extensionContext, inner);
        }
      }
      const result = await body();
      await recordAttempt({ status: 'completed' });
      return result;
    } catch (error) {
      const last = attempt > maxRetries || request.signal?.aborted;
      await recordAttempt({ status: 'failed', error: errorMessage(error), ...(last ? {} : { retryInMs: delay }) });
      if (last) throw error;
      await update({ status: 'retrying', error: `attempt ${attempt}: ${errorMessage(error)}` });
      await syncRunRetrying(store, request.run.id);
      request.onStatus?.('retrying', { error: errorMessage(error) });
      crashPoint('retry:waiting');
      await abortableDelay(delay, request.signal);
      throwIfStopped(request.signal);
      delay *= retry?.backoff ?? 1;
    }
  }
}

/** The run shows `retrying` while any of its steps waits for another attempt, `running` otherwise. */
async function syncRunRetrying(store: ZenContext['store'], runId: string): Promise<void> {
  const run = await store.getRun(runId);
  if (run.status !== 'running' && run.status !== 'retrying') return;
  const waiting = (await store.listStepRuns(runId)).some((stepRun) => stepRun.status === 'retrying');
  const status = waiting ? 'retrying' : 'running';
  if (run.status !== status) await store.updateRun(runId, { status });
}

function abortableDelay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function throwIfStopped(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RunStoppedError();
}

function splitOutputs(step: StepSpec, definition: StepDefinition, result: unknown): Record<string, unknown> {
  // A single-output step that returns nothing (a void function) has no output to store.
  if (!definition.config.outputs) return result === undefined ? {} : { [step.outputs[0].name]: result };
  if (typeof result !== 'object' || result === null) {
    throw new ZenError(`Step '${step.id}' declares outputs ${definition.outputNames.join(', ')} but returned ${result === null ? 'null' : typeof result}.`, {
      hint: 'Return an object with one key per output.',
    });
  }
  const missing = definition.outputNames.filter((name) => !(name in (result as object)));
  if (missing.length > 0) throw new ZenError(`Step '${step.id}' did not return its output(s) ${missing.join(', ')}.`, { hint: 'Return an object with one key per declared output.' });
  return result as Record<string, unknown>;
}

function materializerById(request: StepRunRequest, id: string): Materializer {
  const local = request.materializers?.get(id);
  if (local) return local;
  return materializers.byIdOrThrow(id);
}

async function resolveInput(request: StepRunRequest, name: string, input: InputSpec): Promise<ArtifactVersionModel> {
  if (input.kind === 'external') return request.context.store.getArtifactVersion(input.artifactVersionId);
  if (input.kind === 'model_artifact') return (await import('../models/model.js')).resolveModelArtifact(request.context, input);
  const upstream = request.finished.get(input.step);
  const versionId = upstream?.outputs[input.output];
  if (!versionId) {
    throw new ZenError(`Step '${request.step.id}' input '${name}': step '${input.step}' has no output '${input.output}' in this run.`, {
      hint: `Make '${input.step}' return a value (a step that returns nothing stores no output).`,
    });
  }
  const known = request.versions?.get(versionId);
  if (known) return known;
  const version = await request.context.store.getArtifactVersion(versionId);
  request.versions?.set(versionId, version);
  return version;
}

/** A previous step run with this key whose output files all still exist. */
async function reusableStepRun(
  store: ZenContext['store'],
  artifactStore: ArtifactStore,
  cacheKey: string,
  versions: Map<string, ArtifactVersionModel>,
): Promise<StepRunModel | undefined> {
  const candidate = await store.findCachedStepRun(cacheKey);
  if (!candidate) return undefined;
  const found: ArtifactVersionModel[] = [];
  for (const versionId of Object.values(candidate.outputs)) {
    const version = versions.get(versionId) ?? (await store.getArtifactVersion(versionId).catch(() => undefined));
    const path = version && artifactStore.pathOf(version.uri);
    if (path === undefined || !(await artifactStore.exists(path))) return undefined;
    found.push(version!);
  }
  for (const version of found) versions.set(version.id, version);
  return candidate;
}

async function afterComplete(ctx: StepExtensionContext, stepRun: StepRunModel, versions: Map<string, ArtifactVersionModel>): Promise<void> {
  const extensions = STEP_EXTENSIONS.filter((extension) => extension.afterComplete);
  if (extensions.length === 0) return;
  const outputs = await Promise.all(Object.values(stepRun.outputs).map((id) => versions.get(id) ?? ctx.context.store.getArtifactVersion(id)));
  for (const extension of extensions) await extension.afterComplete!(ctx, stepRun, outputs);
}
