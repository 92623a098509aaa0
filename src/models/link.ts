import { UsageError, ZenError } from '../core/errors.js';
import { currentStepContext } from '../context/step-context.js';
import type { ModelReference } from '../core/step-config.js';
import { getZenContext } from '../context/zen-context.js';
import type { Model } from './model.js';
import { modelArtifactType } from './step-extension.js';
import { MODEL_ARTIFACT_TYPES, type ModelArtifactType, type ModelVersionModel } from '../core/model-entities.js';

/**
 * Links an artifact version to a model version: the given model (its configured version, or
 * the newest), or inside a step the version the step runs under. The type defaults to the
 * artifact's own (model, deployment, otherwise data).
 */
export async function linkArtifactToModel(
  artifactVersion: string | { id: string },
  model?: Model | ModelReference,
  options: { type?: ModelArtifactType } = {},
): Promise<ModelVersionModel> {
  if (options.type !== undefined && !(MODEL_ARTIFACT_TYPES as readonly string[]).includes(options.type)) {
    throw new UsageError(`Unknown model artifact type '${options.type}'.`, `Types: ${MODEL_ARTIFACT_TYPES.join(', ')}.`);
  }
  const { store } = await getZenContext();
  const id = typeof artifactVersion === 'string' ? artifactVersion : artifactVersion?.id;
  const version = await store.getArtifactVersion(id);
  const target = model ?? (currentStepContext()?.model as Model | undefined);
  if (!target) throw new ZenError('linkArtifactToModel() needs a model outside a step that runs under one.', { hint: 'Pass one: linkArtifactToModel(version, { name, version }).' });
  const modelVersion =
    'getModelVersion' in target && typeof target.getModelVersion === 'function' ? await target.getModelVersion() : await store.getModelVersion(target.name, target.version);
  await store.linkArtifactToModelVersion(modelVersion.id, version.id, options.type ?? modelArtifactType(version.type));
  return modelVersion;
}
