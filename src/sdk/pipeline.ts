import { UsageError } from '../core/errors.js';
import { checkName } from '../core/names.js';
import type { CompiledPipeline, PipelineDefinition } from './compile.js';
import { callerFile } from './source-location.js';
import type { PipelineRunResult } from '../execution/run-result.js';
import type { PipelineConfig, RunOptions } from '../core/step-config.js';

import { skippedImportRun } from '../core/pipeline-import.js';
import { PIPELINE, isPipeline, pipelineDefinitionOf } from '../core/pipeline-brand.js';

export { isPipeline, pipelineDefinitionOf };

type PipelineArgs<P> = [unknown] extends [P] ? [params?: Record<string, unknown>] : [P] extends [void] ? [] : {} extends P ? [params?: P] : [params: P];

export interface Pipeline<P = void> {
  /** Compiles the pipeline, runs it on the active stack and resolves when the run ends. */
  (...args: PipelineArgs<P>): Promise<PipelineRunResult>;
  readonly name: string;
  readonly config: PipelineConfig;
  readonly options: RunOptions;
  /** A copy that runs with these options (run name, cache, YAML config, per-step parameters...). */
  withOptions(options: RunOptions): Pipeline<P>;
  /** Records the DAG without running it. */
  compile(...args: PipelineArgs<P>): Promise<CompiledPipeline>;
}

/**
 * Declares a pipeline: a function that wires steps together. Calling the result runs it.
 * `pipeline({ name: 'training' }, ({ trees = 10 } = {}) => { ... })`.
 */
export function pipeline<P = void>(config: PipelineConfig, fn: (params: P) => unknown): Pipeline<P> {
  if (!config?.name) throw new UsageError('A pipeline needs a name: pipeline({ name: "training" }, fn).');
  checkName('Pipeline name', config.name, { noLeadingDigit: true });
  if (typeof fn !== 'function') throw new UsageError(`Pipeline '${config.name}' needs a function that calls its steps.`);
  return makePipeline({ name: config.name, config, fn, sourceFile: callerFile() }, {});
}

function makePipeline<P>(definition: PipelineDefinition, options: RunOptions): Pipeline<P> {
  const compile = async (params?: Record<string, unknown>) => {
    const { compilePipeline } = await import('./compile.js');
    return compilePipeline(definition, params, options);
  };
  const run = async (params?: Record<string, unknown>) => {
    const skipped = skippedImportRun();
    if (skipped) {
      process.stderr.write(`Warning: ${skipped}\n`);
      return skippedRun(definition.name, skipped);
    }
    const compiled = await compile(params);
    if (compiled.options.schedule) return scheduleInstead(definition, compiled);
    const { launchRun } = await import('../execution/launch-run.js');
    return launchRun(compiled);
  };
  Object.defineProperty(run, 'name', { value: definition.name });
  return Object.assign(run, {
    [PIPELINE]: definition,
    config: definition.config,
    options,
    compile,
    withOptions: (more: RunOptions) => makePipeline<P>(definition, mergeOptions(options, more)),
  }) as unknown as Pipeline<P>;
}

/** A pipeline called with a schedule (in its config or options) is scheduled, as in ZenML, not run now. */
async function scheduleInstead(definition: PipelineDefinition, compiled: CompiledPipeline): Promise<PipelineRunResult> {
  if (!definition.sourceFile) throw new UsageError(`Pipeline '${definition.name}' cannot be scheduled: the file that declares it is unknown.`, 'Schedule it with `zenml pipeline schedule create FILE --cron EXPR`.');
  const [{ getZenContext }, { storeSchedule, scheduledResult }] = await Promise.all([import('../context/zen-context.js'), import('../execution/schedules/create-schedule.js')]);
  const schedule = await storeSchedule(await getZenContext(), compiled, { file: definition.sourceFile }, compiled.options.schedule!);
  return scheduledResult(schedule);
}

function mergeOptions(base: RunOptions, more: RunOptions): RunOptions {
  const steps = { ...(base.steps ?? {}) };
  for (const [id, options] of Object.entries(more.steps ?? {})) steps[id] = { ...(steps[id] ?? {}), ...options };
  return { ...base, ...more, steps: Object.keys(steps).length > 0 ? steps : undefined };
}

/**
 * What a pipeline call made while zenml imports its file resolves to: no run was stored
 * (zenml runs the pipeline itself right after the import), so there is no id and no steps.
 */
function skippedRun(pipelineName: string, reason: string): PipelineRunResult {
  return { id: '', name: '', pipelineName, status: 'skipped', error: reason, steps: {}, run: undefined } as unknown as PipelineRunResult;
}
