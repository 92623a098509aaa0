import { existsSync } from 'node:fs';
import { UsageError, ZenError } from '../core/errors.js';
import type { CompiledPipeline } from '../core/step-config.js';
import type { PipelineRunResult } from './run-result.js';
import type { SnapshotSpec, StepSpec } from '../core/snapshot.js';
import type { ProgressEvent } from '../core/step-config.js';
import type { ZenContext } from '../context/zen-context.js';
import type { RunModel, StepRunModel } from '../core/entities.js';
import { ACTIVE_RUN_STATUSES, reapDeadRuns } from './dead-runs.js';

export interface ResumeOptions {
  /** Resume even though the pipeline's source file changed since the run (with the current code). */
  force?: boolean;
  /** Called with warnings (a forced resume of changed code); defaults to stderr. */
  onWarning?: (message: string) => void;
  onProgress?: (event: ProgressEvent) => void;
}

/**
 * Re-runs a failed or stopped run as a new run linked to it (`originalRunId`): steps that
 * completed are reused as they are (recorded as cached, pointing at the original outputs,
 * whatever the cache setting), and the rest run again. The pipeline is imported again from
 * the source file recorded in the snapshot; if that file changed since, resuming needs
 * `force`, and then steps whose code or parameters changed run again too.
 */
export async function resumeRun(context: ZenContext, nameOrId: string, options: ResumeOptions = {}): Promise<PipelineRunResult> {
  const { store } = context;
  // A run whose process died still reads 'running' until someone notices: notice it now.
  await reapDeadRuns(store);
  const original = await store.getRun(nameOrId);
  assertResumable(original);
  const snapshot = await store.getSnapshot(original.snapshotId);
  const stored = snapshot.spec as SnapshotSpec;
  const file = stored.source?.file ?? snapshot.sourceFile;
  if (!file) {
    throw new ZenError(`Run '${original.name}' records no pipeline source file, so it cannot be resumed.`, { hint: 'Run the pipeline again from its file.' });
  }
  if (!existsSync(file)) throw new ZenError(`The source file ${file} of run '${original.name}' no longer exists.`, { hint: 'Restore it, or start a new run.' });
  const { PipelineSource } = await import('./pipeline-source.js');
  const source = await PipelineSource.load(file, { exportName: stored.source?.export ?? snapshot.sourceExport, pipelineName: stored.pipeline.name }, 'the resume');
  const hash = await source.hash();
  const changed = stored.source?.hash !== undefined && stored.source.hash !== hash;
  if (changed && !options.force) {
    throw new UsageError(`The source file ${file} changed since run '${original.name}' started.`, 'Pass --force (force: true) to resume it with the current code.');
  }
  if (changed) (options.onWarning ?? ((m) => process.stderr.write(`Warning: ${m}\n`)))(`${file} changed since run '${original.name}'; resuming with the current code.`);

  const enableCache = original.config.enableCache as boolean | undefined;
  const compiled = await source.compile({ enableCache, stack: stored.stack || undefined, onProgress: options.onProgress }, stored.parameters);

  // Unchanged code replays the stored run exactly (its YAML and per-step options included);
  // changed code runs as compiled now, with the run's pipeline parameters.
  const spec: SnapshotSpec = changed ? { ...compiled.spec } : { ...stored, steps: stored.steps };
  for (const step of spec.steps) {
    if (!compiled.steps.has(step.id)) throw new ZenError(`Pipeline '${stored.pipeline.name}' in ${file} no longer has step '${step.id}'.`, { hint: 'Pass --force to resume with the current code.' });
  }
  spec.runName = undefined;
  spec.source = { ...compiled.spec.source!, hash };
  spec.resumeFrom = { runId: original.id, steps: reusableSteps(spec.steps, stored.steps, await store.listStepRuns(original.id)) };

  const { launchRun } = await import('./launch-run.js');
  const resumed: CompiledPipeline = { ...compiled, spec, options: { ...compiled.options, onProgress: options.onProgress } };
  return launchRun(resumed, context);
}

function assertResumable(run: RunModel): void {
  if (run.status === 'completed' || run.status === 'cached') {
    throw new ZenError(`Run '${run.name}' completed; there is nothing to resume.`, { hint: 'Start a new run with `zenml pipeline run <file>`.' });
  }
  if ((ACTIVE_RUN_STATUSES as readonly string[]).includes(run.status)) {
    throw new ZenError(`Run '${run.name}' is still ${run.status}.`, { hint: `Wait for it to end, or stop it with \`zenml pipeline runs stop ${run.name}\`.` });
  }
}

/**
 * Invocation id → original step run, for each step that completed in the original run and
 * whose code, parameters and upstream steps are all unchanged (and themselves reused).
 */
function reusableSteps(steps: StepSpec[], storedSteps: StepSpec[], originals: StepRunModel[]): Record<string, string> {
  const before = new Map(storedSteps.map((step) => [step.id, step]));
  const done = new Map(originals.filter((s) => s.status === 'completed' || s.status === 'cached').map((s) => [s.invocationId, s]));
  const reuse: Record<string, string> = {};
  // Steps are in execution order, so upstream decisions are made first.
  for (const step of steps) {
    const original = done.get(step.id);
    const old = before.get(step.id);
    if (!original || !old) continue;
    if (old.sourceHash !== step.sourceHash || JSON.stringify(old.parameters) !== JSON.stringify(step.parameters)) continue;
    if (!step.upstream.every((up) => reuse[up] !== undefined)) continue;
    reuse[step.id] = original.id;
  }
  return reuse;
}
