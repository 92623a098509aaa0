import { UsageError, ZenError } from '../core/errors.js';
import { currentStepContext, outputName, type StepContextState } from '../context/step-context.js';
import type { MetadataValue } from '../core/materializer.js';
import { getZenContext } from '../context/zen-context.js';
import type { Model } from '../models/model.js';

/**
 * What `logMetadata` attaches to, as ZenML's `log_metadata` (camelCased). Give one target;
 * inside a step, none means the running step.
 */
export interface LogMetadataOptions {
  metadata: Record<string, MetadataValue>;
  /** A step run by id. */
  stepId?: string;
  /** A step of a run by its invocation id; needs `runIdNameOrPrefix`. */
  stepName?: string;
  /** A pipeline run (id, name or unique id prefix); with `stepName`, a step of it. */
  runIdNameOrPrefix?: string;
  artifactVersionId?: string;
  /** An artifact by name: its `artifactVersion` (a number or a custom version name), else its latest version. */
  artifactName?: string;
  artifactVersion?: number | string;
  /** Inside a step: the version its output (`artifactName` = the output name, or its only output) will become. */
  inferArtifact?: boolean;
  modelVersionId?: string;
  /** A model by name: its `modelVersion` (number, name or stage), else its latest version. */
  modelName?: string;
  modelVersion?: number | string;
  /** Inside a step: the model version the step runs under. */
  inferModel?: boolean;
}

const TARGET_KEYS = ['stepId', 'stepName', 'runIdNameOrPrefix', 'artifactVersionId', 'artifactName', 'artifactVersion', 'inferArtifact', 'modelVersionId', 'modelName', 'modelVersion', 'inferModel'];

/**
 * Attaches metadata to a step run, a pipeline run, an artifact version or a model version,
 * as ZenML's `log_metadata`. Inside a step with no target it goes to the running step (and
 * is visible on its run).
 */
export async function logMetadata(options: LogMetadataOptions): Promise<void> {
  if (typeof options !== 'object' || options === null || typeof options.metadata !== 'object' || options.metadata === null) {
    throw new UsageError('logMetadata() takes an object: logMetadata({ metadata: {...}, ...target }).', 'E.g. logMetadata({ metadata: { accuracy: 0.9 } }) inside a step.');
  }
  const unknown = Object.keys(options).filter((key) => key !== 'metadata' && !TARGET_KEYS.includes(key));
  if (unknown.length > 0) throw new UsageError(`logMetadata() has no option '${unknown[0]}'.`, `Options: metadata, ${TARGET_KEYS.join(', ')}.`);
  const step = currentStepContext();
  // Inside a step, whatever it logs (to any target) leaves without the run's secret values.
  const metadata = step ? step.redactor.value(options.metadata) : options.metadata;
  if (step) options = { ...options, metadata };
  const kinds = [
    options.stepId !== undefined && 'stepId',
    (options.stepName !== undefined || options.runIdNameOrPrefix !== undefined) && 'stepName/runIdNameOrPrefix',
    options.artifactVersionId !== undefined && 'artifactVersionId',
    (options.artifactName !== undefined || options.artifactVersion !== undefined || options.inferArtifact) && 'artifactName/artifactVersion/inferArtifact',
    options.modelVersionId !== undefined && 'modelVersionId',
    (options.modelName !== undefined || options.modelVersion !== undefined || options.inferModel) && 'modelName/modelVersion/inferModel',
  ].filter(Boolean);
  if (kinds.length > 1) throw new UsageError(`logMetadata() got several targets (${kinds.join('; ')}).`, 'Give one target per call.');

  if (kinds.length === 0) {
    if (!step) throw new UsageError('logMetadata() outside a step needs a target.', 'E.g. { runIdNameOrPrefix }, { stepName, runIdNameOrPrefix }, { artifactName, artifactVersion } or { modelName, modelVersion }.');
    Object.assign(step.stepMetadata, metadata);
    return;
  }
  if (options.inferArtifact) return inferArtifact(step, options);
  if (options.inferModel) return inferModel(step, options);

  const { store } = await getZenContext();
  if (options.stepId !== undefined) {
    if (step?.stepRun.id === options.stepId) Object.assign(step.stepMetadata, metadata);
    else await store.addMetadata('step_run', (await store.getStepRun(options.stepId)).id, metadata);
  } else if (options.runIdNameOrPrefix !== undefined || options.stepName !== undefined) {
    if (options.runIdNameOrPrefix === undefined) {
      throw new UsageError(`logMetadata({ stepName: '${options.stepName}' }) needs the run too: add runIdNameOrPrefix.`, 'Inside the step itself, give no target.');
    }
    const run = await store.getRun(options.runIdNameOrPrefix);
    if (options.stepName === undefined) {
      if (step?.pipelineRun.id === run.id) Object.assign(step.runMetadata, metadata);
      else await store.addMetadata('pipeline_run', run.id, metadata);
      return;
    }
    if (step?.pipelineRun.id === run.id && step.invocationId === options.stepName) {
      Object.assign(step.stepMetadata, metadata);
      return;
    }
    const steps = await store.listStepRuns(run.id);
    // The newest attempt row of that invocation, if the step ran more than once.
    const target = steps.filter((s) => s.invocationId === options.stepName).at(-1);
    if (!target) {
      throw new ZenError(`Run '${run.name}' has no step '${options.stepName}'.`, {
        hint: steps.length > 0 ? `Its steps: ${[...new Set(steps.map((s) => s.invocationId))].join(', ')}.` : 'It has no step runs yet.',
      });
    }
    await store.addMetadata('step_run', target.id, metadata);
  } else if (options.artifactVersionId !== undefined) {
    await store.addMetadata('artifact_version', (await store.getArtifactVersion(options.artifactVersionId)).id, metadata);
  } else if (options.artifactName !== undefined || options.artifactVersion !== undefined) {
    if (options.artifactName === undefined) throw new UsageError('logMetadata({ artifactVersion }) needs artifactName too.');
    await store.addMetadata('artifact_version', (await store.getArtifactVersion(options.artifactName, options.artifactVersion)).id, metadata);
  } else if (options.modelVersionId !== undefined) {
    await store.addMetadata('model_version', (await store.getModelVersionById(options.modelVersionId)).id, metadata);
  } else {
    if (options.modelName === undefined) throw new UsageError('logMetadata({ modelVersion }) needs modelName too (or inferModel: true inside a step).');
    await store.addMetadata('model_version', (await store.getModelVersion(options.modelName, options.modelVersion)).id, metadata);
  }
}

function inferArtifact(step: StepContextState | undefined, options: LogMetadataOptions): void {
  if (!step) throw new UsageError('logMetadata({ inferArtifact: true }) only works inside a step.', 'Outside, give { artifactName, artifactVersion } or { artifactVersionId }.');
  if (options.artifactVersion !== undefined) throw new UsageError('logMetadata({ inferArtifact: true }) takes no artifactVersion: it is the version the output will become.');
  step.addOutputMetadata(options.metadata, outputName(step, options.artifactName));
}

async function inferModel(step: StepContextState | undefined, options: LogMetadataOptions): Promise<void> {
  if (!step) throw new UsageError('logMetadata({ inferModel: true }) only works inside a step.', 'Outside, give { modelName, modelVersion } or { modelVersionId }.');
  if (options.modelName !== undefined || options.modelVersion !== undefined) {
    throw new UsageError('logMetadata({ inferModel: true }) takes no modelName or modelVersion: it uses the model the step runs under.');
  }
  const model = step.model as Model | undefined;
  if (!model) throw new ZenError(`Step '${step.invocationId}' runs under no model, so logMetadata({ inferModel: true }) has nothing to attach to.`, { hint: 'Configure a model on the step or pipeline, or name one with { modelName, modelVersion }.' });
  await model.logMetadata(options.metadata);
}
