import type { ArtifactStore } from '../core/artifact-store.js';
import type { StepSpec, SnapshotSpec } from '../core/snapshot.js';
import type { ZenContext } from './zen-context.js';
import type { ArtifactVersionModel, RunModel, StepRunModel } from '../core/entities.js';
import type { StepContextState } from './step-context.js';

export interface StepExtensionContext {
  context: ZenContext;
  run: RunModel;
  spec: SnapshotSpec;
  step: StepSpec;
  artifactStore: ArtifactStore;
}

/**
 * Features that hook into every step run (secrets in the environment, model versions)
 * without the step launcher knowing about them.
 */
export interface StepExtension {
  name: string;
  /** Adds fields to the step context before the function runs (e.g. `model`). */
  prepare?(ctx: StepExtensionContext, state: StepContextState): Promise<void>;
  /** Wraps each attempt of the step function (e.g. sets and removes environment variables). */
  around?<T>(ctx: StepExtensionContext, body: () => Promise<T>): Promise<T>;
  /** Runs after the step's outputs are registered (or reused from cache). */
  afterComplete?(ctx: StepExtensionContext, stepRun: StepRunModel, outputs: ArtifactVersionModel[]): Promise<void>;
}
