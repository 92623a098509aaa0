import type { CompiledPipeline, PipelineDefinition, RunOptions } from './step-config.js';

/**
 * The mark `pipeline()` puts on what it returns. Symbol.for, so two copies of this package
 * in one process (the CLI's and the one a pipeline file imports) recognise each other's.
 */
export const PIPELINE = Symbol.for('zenml.Pipeline');

/** What the launcher needs of a declared pipeline; the SDK's typed `Pipeline<P>` is one. */
export interface PipelineHandle {
  readonly name: string;
  withOptions(options: RunOptions): PipelineHandle;
  compile(params?: Record<string, unknown>): Promise<CompiledPipeline>;
}

export function isPipeline(value: unknown): value is PipelineHandle {
  return typeof value === 'function' && (value as unknown as Record<symbol, unknown>)[PIPELINE] !== undefined;
}

export function pipelineDefinitionOf(value: PipelineHandle): PipelineDefinition {
  return (value as unknown as Record<symbol, PipelineDefinition>)[PIPELINE];
}
