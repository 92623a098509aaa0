import { loadArtifactValue } from '../../artifacts/load.js';
import type { ArtifactVersionModel } from '../../core/entities.js';
import { ZenError } from '../../core/errors.js';
import type { InputSpec } from '../../core/snapshot.js';
import { artifactStoreById } from '../../stack/artifact-store-factory.js';
import type { StepRunRequest } from './request.js';
import { elementIds } from '../../core/map-elements.js';
import { elementItem, itemIdentity } from '../fan-out.js';

/** Phase 1: the artifact version behind each input (upstream outputs, stored versions, model artifacts). */
export async function resolveInputs(request: StepRunRequest): Promise<Record<string, ArtifactVersionModel>> {
  const versions: Record<string, ArtifactVersionModel> = {};
  for (const [name, input] of Object.entries(request.step.inputs)) {
    if (input.kind === 'artifact' && input.collect) {
      // Fan-in: one input version per element, recorded as `name[0]`, `name[1]`, ...
      const ids = elementIds(input.step, (id) => request.finished.has(id));
      for (const [index, id] of ids.entries()) versions[`${name}[${index}]`] = await resolveInput(request, name, { ...input, step: id, collect: undefined });
      continue;
    }
    versions[name] = await resolveInput(request, name, input);
    if (input.kind === 'artifact' && input.index !== undefined) {
      // An element's cache key holds its own item, not the whole list: changing one item re-runs one element.
      const item = await elementItem(() => loadVersion(request, versions[name]), versions[name], input.index, request.step.id);
      (request.inputIdentities ??= {})[name] = itemIdentity(item, versions[name], input.index);
    }
  }
  return versions;
}

/** The step function's argument: its parameters plus each input loaded through its recorded materializer. */
export async function loadInputs(request: StepRunRequest, versions: Record<string, ArtifactVersionModel>): Promise<Record<string, unknown>> {
  const args: Record<string, unknown> = { ...request.step.parameters };
  const inputs = request.step.inputs;
  for (const [name, input] of Object.entries(inputs)) if (input.kind === 'artifact' && input.collect) args[name] = [];
  for (const [key, version] of Object.entries(versions)) {
    const collected = /^(.+)\[(\d+)\]$/.exec(key);
    const input = inputs[key];
    if (collected && !input) (args[collected[1]] as unknown[])[Number(collected[2])] = await loadVersion(request, version);
    else if (input?.kind === 'artifact' && input.index !== undefined) args[key] = await elementItem(() => loadVersion(request, version), version, input.index, request.step.id);
    else args[key] = await loadVersion(request, version);
  }
  return args;
}

async function loadVersion(request: StepRunRequest, version: ArtifactVersionModel): Promise<unknown> {
  return loadArtifactValue(await artifactStoreById(request.context, version.artifactStoreId), version, request.materializers, request.recentFiles?.contentsOf(version.id));
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
