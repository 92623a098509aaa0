import { randomUUID } from 'node:crypto';
import { artifactPath, settleCommitted } from '../artifacts/write.js';
import { crashPoint } from '../core/crash-points.js';
import type { ArtifactVersionModel, StepRunModel } from '../core/entities.js';
import { errorMessage } from '../core/errors.js';
import type { Redactor } from '../core/redaction.js';
import { declaresSecrets, runSecretsRedactor, stepRedactor, stepSecretsDigest } from '../secrets/step-secrets.js';
import { outputName, runWithStepContext, type StepContextState } from '../context/step-context.js';
import { callHook } from './hooks.js';
import { stepStackExtension } from './step-stack.js';
import { captureOutput, type LogSink } from './step-log-capture.js';
import type { StepExtensionContext } from '../context/step-extension.js';
import type { StepOutcome } from '../stack/orchestrator.js';
import { installCrashTestHook } from './crash-test-hook.js';
import { reuseOriginalStepRun } from './reuse-step.js';
import { callWithRetries, RetryInQueue } from './step-phases/attempts.js';
import { throwIfStopped } from './step-phases/run-stop.js';
import { reusableCandidate, stepCacheKey, StepRunStart, type CacheMissReason } from './step-phases/cache.js';
import { afterComplete, completeStep } from './step-phases/completion.js';
import { loadInputs, resolveInputs } from './step-phases/inputs.js';
import { removeWritten, writeOutputs } from './step-phases/outputs.js';
import type { StepRunRequest } from './step-phases/request.js';
import type { StartedOrReusedStepRun } from '../store/sql/run-start.js';
import { STEP_EXTENSIONS } from './step-extensions.js';
import { continueStepLogs, newStepLogsPathUnlessDisabled, StepRunLogs } from './step-logs.js';
import { afterWritesCommitted, flushBeforeStepCode, flushWrites, recordStepCodeTime } from './grouped-writes.js';

export type { StepRunRequest } from './step-phases/request.js';
export { PROJECT_ID } from './step-phases/cache.js';

type StepRunOutcome = StepOutcome & { stepRun: StepRunModel };

/**
 * The shared step launcher: every orchestrator ends up here, in process or in a child
 * process. Its phases: resolve inputs, look up the cache, execute with retries, write the
 * outputs atomically, and only then register them and mark the step completed.
 */
export async function runStep(request: StepRunRequest): Promise<StepRunOutcome> {
  installCrashTestHook();
  const { context, run, step, artifactStore } = request;
  const store = context.store;
  request.versions ??= new Map();
  const started = Date.now();
  const finish = (outcome: StepRunOutcome): StepRunOutcome => {
    request.onStatus?.(outcome.status, { ...(outcome.status === 'failed' ? { error: outcome.error } : {}), durationMs: Date.now() - started });
    return outcome;
  };
  const extensionContext: StepExtensionContext = { context, run, spec: request.spec, step, artifactStore };

  // A resumed run reuses what the original run completed, whatever the cache setting.
  const reuse = request.spec.resumeFrom?.steps[step.id];
  if (reuse) {
    const reused = await reuseOriginalStepRun(store, artifactStore, run, step, reuse);
    if (reused) {
      await afterComplete(extensionContext, reused, request.versions);
      return finish({ status: 'cached', stepRun: reused });
    }
  }

  const previous = request.queuedAttempt?.previous;
  let inputVersions: Record<string, ArtifactVersionModel>;
  try {
    inputVersions = await resolveInputs(request);
  } catch (error) {
    // No step run exists yet: record a failed one so the run shows which step failed and why.
    const message = errorMessage(error);
    const created =
      previous ?? (await store.createStepRun({ runId: run.id, invocationId: step.id, stepName: step.stepName, status: 'failed', parameters: step.parameters, config: { ...step.config }, inputs: {} }));
    const failed = await store.updateStepRun(created.id, { status: 'failed', error: message, ended: new Date().toISOString() });
    return finish({ status: 'failed', error: message, stepRun: failed });
  }
  // A step without secrets of its own reads none: its digests and redactor come at once.
  const ownSecrets = declaresSecrets(step);
  const inputs = Object.fromEntries(Object.entries(inputVersions).map(([name, version]) => [name, version.id]));
  const cacheKey = stepCacheKey(request, inputVersions, inputs, ownSecrets ? await stepSecretsDigest(extensionContext) : undefined);

  // Read once here: every string this step run sends to the store or the terminal is redacted of them.
  const redactor = ownSecrets ? await stepRedactor(extensionContext) : runSecretsRedactor(run.id);
  const attempt = request.queuedAttempt?.number ?? 1;
  let logs: StepRunLogs | undefined;
  let stepRun: StepRunModel;
  if (previous) {
    // A step handed over from a worker taken for dead, or retried by its queue, carries on its
    // step run and its log; that first attempt already looked in the cache.
    logs = await continueStepLogs(artifactStore, run.id, previous.logsUri, attempt);
    logs?.useRedactor(redactor);
    stepRun = await store.updateStepRun(previous.id, { status: 'running', attempts: attempt, ...(logs && logs.uri !== previous.logsUri ? { logsUri: logs.uri } : {}) });
    // It finished the step meanwhile after all: its completion stands.
    if (stepRun.status === 'completed' || stepRun.status === 'cached') return finish({ status: stepRun.status, stepRun });
  } else {
    // The log this step run gets if it runs; a cache hit shows the log of the run it reuses and opens none.
    const logsPath = newStepLogsPathUnlessDisabled(run.id);
    // One call creates the step run and, with the cache on, finds the run it may reuse
    // (and, where the store can, completes it as a cache hit in the same write).
    const logsUri = logsPath === undefined ? undefined : artifactStore.uri(logsPath);
    const row = { runId: run.id, invocationId: step.id, stepName: step.stepName, cacheKey, parameters: step.parameters, config: { ...step.config }, inputs, status: 'running' as const, attempts: attempt, logsUri };
    const start = new StepRunStart(request);
    let missed: CacheMissReason | undefined;
    const onMiss = (reason: CacheMissReason) => (missed = reason);
    const begun: StartedOrReusedStepRun = start.now(row, onMiss) ?? (await start.later(row, onMiss));
    stepRun = begun.stepRun;
    if (begun.reused) {
      await afterComplete(extensionContext, stepRun, request.versions);
      return finish({ status: 'cached', stepRun });
    }
    logs = logsPath === undefined ? undefined : new StepRunLogs(artifactStore, logsPath);
    logs?.useRedactor(redactor);
    // A candidate refused in the store's write (`missed` says why), or found and left to check here.
    if (missed || begun.cacheCandidate) {
      const expiration = step.config.cacheExpiration !== undefined ? { seconds: step.config.cacheExpiration, store } : undefined;
      const hit = missed ?? (await reusableCandidate(artifactStore, begun.cacheCandidate!, request.versions, expiration));
      if ('id' in hit) {
        // The row already shows the log of the run that computed the outputs (see startStepRun).
        const endRun = (await request.endsRun?.()) === true;
        const completed = await store.completeStepRun(stepRun.id, { status: 'cached', newVersions: [], reusedOutputs: hit.outputs, originalStepRunId: hit.id, endRun });
        await afterComplete(extensionContext, completed, request.versions);
        return finish({ status: 'cached', stepRun: completed, ...(endRun ? { endedRun: true } : {}) });
      }
      // Expired, or an output's files are gone: the step runs after all, as the first attempt of this row.
      logs?.write(`Cache miss: ${hit.reason}; running the step.\n`);
      stepRun = await store.updateStepRun(stepRun.id, { attempts: attempt, logsUri: logs?.uri });
    }
  }
  // The step's start (and its predecessors' completions) commit before its own code runs.
  await flushBeforeStepCode(store, request.definition);
  request.onStatus?.('running');
  crashPoint('step:created');
  const versionIds = new Map(step.outputs.map((output) => [output.name, randomUUID()]));
  let state: StepContextState | undefined;
  try {
    const args = await loadInputs(request, inputVersions);
    crashPoint('step:inputs-loaded');

    state = stepContextState(request, stepRun, versionIds, inputVersions, redactor);
    for (const extension of STEP_EXTENSIONS) await extension.prepare?.(extensionContext, state);

    // process.hrtime, not the global performance: in Node 20 that global loads perf_hooks on first use (~3 ms).
    const codeStarted = process.hrtime.bigint();
    const result = await callWithRetries(
      request,
      state,
      args,
      extensionContext,
      stepRun.attempts,
      (update) => {
        stepRun = { ...stepRun, ...update };
        return store.updateStepRun(stepRun.id, update).then(() => undefined);
      },
      // With step logs turned off, output is still redacted on its way to the terminal.
      logs ?? (redactor.active ? { write: () => undefined, redact: (text) => redactor.text(text) } : undefined),
    );
    crashPoint('step:returned');
    throwIfStopped(request.stop);

    // Materializers may take long too: no write may wait for them to commit.
    await flushBeforeStepCode(store, request.definition);
    const written = await writeOutputs(request, result, state, versionIds);
    recordStepCodeTime(request.definition, Number(process.hrtime.bigint() - codeStarted) / 1e6);
    crashPoint('step:outputs-written');
    if (request.stop?.stopped) {
      await removeWritten(artifactStore, written);
      throwIfStopped(request.stop);
    }
    // In the step's log, before it closes; a failing hook is logged and changes nothing.
    await runStepHook(request, 'onSuccess', state, logs, [state]);
    // Every chunk is stored before the step shows completed: a reader that sees the status has the whole log.
    await logs?.close();
    const { completed, endedRun } = await completeStep(request, stepRun, state, written, extensionContext);
    // A marker goes once its version's registration is committed: a crash before leaves it for the sweep.
    await afterWritesCommitted(store, () => settleCommitted(artifactStore, written.map((version) => version.id)));
    // Refused by the store (the run ended meanwhile): the step keeps the status it was given.
    return finish({ status: completed.status, ...(completed.status === 'completed' ? {} : { error: completed.error }), stepRun: completed, ...(endedRun ? { endedRun } : {}) });
  } catch (thrown) {
    const error = redactor.error(thrown);
    if (!(error instanceof RetryInQueue) && !request.stop?.stopped) {
      // The step failed for good: its failure hook runs in its context, its output in the step's log.
      if (!state) {
        state = stepContextState(request, stepRun, versionIds, inputVersions, redactor);
        await stepStackExtension.prepare!(extensionContext, state);
      }
      state.stepRun = { ...stepRun, status: 'failed', error: redactor.text(errorMessage(error)) };
      await runStepHook(request, 'onFailure', state, logs, [error instanceof Error ? error : new Error(errorMessage(error)), state]);
    }
    await logs?.closeWithError(error, request.stop?.stopped);
    if (error instanceof RetryInQueue) return finish({ status: 'retrying', error: error.message, stepRun: { ...stepRun, status: 'retrying' } });
    if (request.stop?.stopped) {
      // The run was stopped: the launcher already marked this step; its outcome is moot.
      const stopped = await store.updateStepRun(stepRun.id, { status: 'stopped', error: 'stopped', ended: new Date().toISOString() });
      return finish({ status: 'stopped', error: 'stopped', stepRun: stopped });
    }
    // Also what a thrown object's own toString() would print.
    const message = redactor.text(errorMessage(error));
    const failed = await store.updateStepRun(stepRun.id, { status: 'failed', error: message, ended: new Date().toISOString() });
    return finish({ status: 'failed', error: message, stepRun: failed });
  }
}

/** Runs the step's onFailure / onSuccess hook, if it has one, inside its step context and its log. */
async function runStepHook(request: StepRunRequest, hook: 'onFailure' | 'onSuccess', state: StepContextState, logs: LogSink | undefined, args: unknown[]): Promise<void> {
  const ref = request.step.config.hooks?.[hook];
  if (!ref) return;
  await flushWrites(request.context.store);
  const call = () => runWithStepContext(state, () => callHook(hook, ref, `${request.step.id}.${hook}`, request.hookFunctions, args, { owner: `step '${request.step.id}'`, redactor: state.redactor }));
  await (logs ? captureOutput(logs, call) : call());
}

/** What getStepContext() returns inside the step, plus the outputs' metadata and tags it collects. */
function stepContextState(
  request: StepRunRequest,
  stepRun: StepRunModel,
  versionIds: Map<string, string>,
  inputs: Record<string, ArtifactVersionModel>,
  redactor: Redactor,
): StepContextState {
  const { step, artifactStore, run } = request;
  const state: StepContextState = {
    pipeline: { id: run.pipelineId, name: request.spec.pipeline.name },
    pipelineRun: run,
    stepRun,
    invocationId: step.id,
    stepName: step.stepName,
    inputs: { ...inputs },
    outputNames: step.outputs.map((output) => output.name),
    getOutputArtifactUri(output?: string) {
      const name = outputName(state, output);
      const spec = step.outputs.find((o) => o.name === name)!;
      return artifactStore.uri(artifactPath(spec.artifactName, versionIds.get(name)!));
    },
    addOutputMetadata(metadata, output) {
      const name = outputName(state, output);
      state.outputMetadata.set(name, { ...(state.outputMetadata.get(name) ?? {}), ...redactor.value(metadata) });
    },
    addOutputTags(tags, output) {
      const name = outputName(state, output);
      state.outputTags.set(name, [...(state.outputTags.get(name) ?? []), ...redactor.value(tags)]);
    },
    outputMetadata: new Map(),
    outputTags: new Map(),
    stepMetadata: {},
    runMetadata: {},
    redactor,
  };
  return state;
}
