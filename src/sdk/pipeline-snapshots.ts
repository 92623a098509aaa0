import type { ZenContext } from '../context/zen-context.js';
import type { RunTemplateModel } from '../core/run-template-entities.js';
import type { RunOptions } from '../core/step-config.js';
import type { PipelineRunResult } from '../execution/run-result.js';
import { loadRunConfig } from './run-config.js';

export interface CreatePipelineSnapshotOptions {
  /** The pipeline file. */
  file: string;
  name: string;
  description?: string;
  /** A YAML run config kept with the snapshot (its content, not its path). */
  configPath?: string;
  /** The export holding the pipeline, when the file exports several. */
  exportName?: string;
  /** Stack whose artifact store keeps the code archive (default: the active stack). */
  stack?: string;
}

export interface TriggerPipelineOptions {
  /** ZenML's `snapshot_name_or_id`. */
  snapshotNameOrId: string;
  /** A YAML run config applied over the snapshot's own (its values win). */
  configPath?: string;
  runName?: string;
  stack?: string;
  onProgress?: RunOptions['onProgress'];
}

export async function createPipelineSnapshot(context: ZenContext, options: CreatePipelineSnapshotOptions): Promise<RunTemplateModel> {
  const { createPipelineSnapshot: create } = await import('../execution/run-templates.js');
  const runConfig = options.configPath ? await loadRunConfig(options.configPath) : {};
  return create(context, { file: options.file, name: options.name, description: options.description, exportName: options.exportName, runConfig, stack: options.stack });
}

/** Runs a snapshot with its run config, overlaid by `configPath` and the options given here. */
export async function triggerPipeline(context: ZenContext, options: TriggerPipelineOptions): Promise<PipelineRunResult> {
  const { runPipelineSnapshot } = await import('../execution/run-templates.js');
  const template = await context.store.getRunTemplate(options.snapshotNameOrId);
  const overlay: RunOptions = options.configPath ? await loadRunConfig(options.configPath) : {};
  const given = Object.fromEntries(Object.entries({ runName: options.runName, stack: options.stack }).filter(([, value]) => value !== undefined));
  const merged = overlayRunOptions(overlayRunOptions(template.runConfig as RunOptions, overlay), given);
  return runPipelineSnapshot(context, template, { ...merged, onProgress: options.onProgress });
}

/** `over` wins key by key; parameters and per-step options merge one level deeper. */
function overlayRunOptions(base: RunOptions, over: RunOptions): RunOptions {
  const steps: NonNullable<RunOptions['steps']> = { ...(base.steps ?? {}) };
  for (const [id, step] of Object.entries(over.steps ?? {})) {
    const before = steps[id] ?? {};
    steps[id] = { ...before, ...step, ...(before.parameters || step.parameters ? { parameters: { ...(before.parameters ?? {}), ...(step.parameters ?? {}) } } : {}) };
  }
  return {
    ...base,
    ...over,
    ...(base.parameters || over.parameters ? { parameters: { ...(base.parameters ?? {}), ...(over.parameters ?? {}) } } : {}),
    ...(Object.keys(steps).length > 0 ? { steps } : {}),
  };
}
