import type { ModelArtifactSpec } from '../core/snapshot.js';
/**
 * A model artifact named in a pipeline definition but looked up only when the consuming step
 * runs (e.g. "the production model's classifier"), so the pipeline always uses what is current.
 */
export interface ModelArtifactInput<T = any> {
  readonly modelArtifact: ModelArtifactSpec;
  load(): Promise<T>;
  /** @internal typing only */
  readonly __valueType?: T;
}


export type { ModelArtifactSpec };

export function isModelArtifactInput(value: unknown): value is ModelArtifactInput {
  return typeof value === 'object' && value !== null && typeof (value as ModelArtifactInput).modelArtifact === 'object' && (value as ModelArtifactInput).modelArtifact !== null;
}
