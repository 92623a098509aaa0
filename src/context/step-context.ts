import { scopedValue } from '../core/async-scope.js';
import { ZenError } from '../core/errors.js';
import type { MetadataValue } from '../core/materializer.js';
import type { Redactor } from '../core/redaction.js';
import type { ArtifactVersionModel, RunModel, StepRunModel } from '../core/entities.js';
import type { Alerter } from '../core/alerter.js';

/** The stack a step runs on, as the step sees it (ZenML's `Client().active_stack` inside a step). */
export interface StepStack {
  id?: string;
  /** The stack's alerter, built on first use (its secret references resolved); undefined when the stack has none. */
  alerter(): Promise<Alerter | undefined>;
}

/** What a running step can see of itself: `getStepContext()` inside a step function. */
/** `M` is the model type: the SDK's `getStepContext()` types it as its `Model` class, which sits above this floor. */
export interface StepContext<M = unknown> {
  /** The pipeline this step runs in (ZenML's `step_context.pipeline`). */
  pipeline: { id: string; name: string };
  /** The run this step belongs to (ZenML's `step_context.pipeline_run`). */
  pipelineRun: RunModel;
  stepRun: StepRunModel;
  invocationId: string;
  stepName: string;
  /** Input name → the artifact version loaded for it (ZenML's `step_context.inputs`). */
  inputs: Record<string, ArtifactVersionModel>;
  outputNames: string[];
  /** Where an output will be stored once the step returns (ZenML's `get_output_artifact_uri`). */
  getOutputArtifactUri(outputName?: string): string;
  /** Metadata attached to an output's artifact version when it is registered. */
  addOutputMetadata(metadata: Record<string, MetadataValue>, output?: string): void;
  addOutputTags(tags: string[], output?: string): void;
  /** The model version this step runs under, when a model is configured. */
  model?: M;
  /** The stack the run uses: `await getStepContext().stack?.alerter()`. */
  stack?: StepStack;
}

export interface StepContextState extends StepContext {
  outputMetadata: Map<string, Record<string, MetadataValue>>;
  outputTags: Map<string, string[]>;
  stepMetadata: Record<string, MetadataValue>;
  runMetadata: Record<string, MetadataValue>;
  /** Takes the run's known secret values out of whatever the step hands to the store (metadata, tags, errors). */
  redactor: Redactor;
}

const stepContext = scopedValue<StepContextState>('stepContext');

export function runWithStepContext<T>(state: StepContextState, body: () => T): T {
  return stepContext.run(state, body);
}

export function currentStepContext(): StepContextState | undefined {
  return stepContext.get();
}

/** The context of the step that is running; an error outside a step. */
export function getStepContext(): StepContext {
  const context = stepContext.get();
  if (!context) throw new ZenError('getStepContext() was called outside a running step.', { hint: 'Call it inside a step function while a pipeline runs.' });
  return context;
}

export function outputName(context: StepContext, output?: string): string {
  if (output !== undefined) {
    if (!context.outputNames.includes(output)) throw new ZenError(`Step '${context.invocationId}' has no output '${output}'. Outputs: ${context.outputNames.join(', ')}.`);
    return output;
  }
  if (context.outputNames.length !== 1) {
    throw new ZenError(`Step '${context.invocationId}' has several outputs; name the one you mean (${context.outputNames.join(', ')}).`);
  }
  return context.outputNames[0];
}
