import type { ArtifactStore } from '../artifacts/artifact-store.js';
import type { StepSpec, SnapshotSpec } from '../sdk/snapshot.js';
import type { ZenContext } from '../sdk/zen-context.js';
import type { ArtifactVersionModel, RunModel, StepRunModel } from '../store/models.js';
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

const extensions: StepExtension[] = [];

export function registerStepExtension(extension: StepExtension): void {
  if (!extensions.some((e) => e.name === extension.name)) extensions.push(extension);
}

export function stepExtensions(): readonly StepExtension[] {
  return extensions;
}
