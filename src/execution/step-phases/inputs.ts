import { loadArtifactValue } from '../../artifacts/load.js';
import type { ArtifactVersionModel } from '../../core/entities.js';
import { ZenError } from '../../core/errors.js';
import type { InputSpec } from '../../core/snapshot.js';
import { artifactStoreById } from '../../stack/artifact-store-factory.js';
import type { StepRunRequest } from './request.js';

/** Phase 1: the artifact version behind each input (upstream outputs, stored versions, model artifacts). */
export async function resolveInputs(request: StepRunRequest): Promise<Record<string, ArtifactVersionModel>> {
  const versions: Record<string, ArtifactVersionModel> = {};
  for (const [name, input] of Object.entries(request.step.inputs)) versions[name] = await resolveInput(request, name, input);
  return versions;
}

/** The step function's argument: its parameters plus each input loaded through its recorded materializer. */
export async function loadInputs(request: StepRunRequest, versions: Record<string, ArtifactVersionModel>): Promise<Record<string, unknown>> {
  const args: Record<string, unknown> = { ...request.step.parameters };
  for (const [name, version] of Object.entries(versions)) {
    args[name] = await loadArtifactValue(await artifactStoreById(request.context, version.artifactStoreId), version, request.materializers);
  }
  return args;
}

async function resolveInput(request: StepRunRequest, name: string, input: InputSpec): Promise<ArtifactVersionModel> {
  if (input.kind === 'external') return request.context.store.getArtifactVersion(input.artifactVersionId);
  if (input.kind === 'model_artifact') return (await import('../../models/model.js')).resolveModelArtifact(request.context, input);
  const upstream = request.finished.get(input.step);
  const versionId = upstream?.outputs[input.output];
  if (!versionId) {
    throw new ZenError(`Step '${request.step.id}' input '${name}': step '${input.step}' has no output '${input.output}' in this run.`, {
      hint: `Make '${input.step}' return a value (a step that returns nothing stores no output).`,
    });
  }
  const known = request.versions?.get(versionId);
  if (known) return known;
  const version = await request.context.store.getArtifactVersion(versionId);
  request.versions?.set(versionId, version);
  return version;
}
