import type { ArtifactStore } from '../../core/artifact-store.js';
import type { NewArtifactVersion } from '../../core/entities.js';
import { AlreadyExistsError, ZenError, errorMessage } from '../../core/errors.js';
import type { Materializer } from '../../core/materializer.js';
import type { StepSpec } from '../../core/snapshot.js';
import type { StepDefinition } from '../../core/step-config.js';
import type { StepContextState } from '../../context/step-context.js';
import { settleCommitted, writeArtifact } from '../../artifacts/write.js';
import { materializers } from '../../materializers/registry.js';
import type { StepRunRequest } from './request.js';

export type WrittenOutput = NewArtifactVersion & { outputName: string };

/**
 * Phase 4: writes each returned output to the artifact store (each atomically, under the
 * version id the step context already promised), before anything is registered. If one
 * fails, the folders already committed are removed: they would never be registered.
 */
export async function writeOutputs(request: StepRunRequest, result: unknown, state: StepContextState, versionIds: Map<string, string>): Promise<WrittenOutput[]> {
  const { step, artifactStore } = request;
  const values = splitOutputs(step, request.definition, result);
  const written: WrittenOutput[] = [];
  await refuseTakenVersions(request, values);
  try {
    for (const output of step.outputs) {
      if (!(output.name in values)) continue;
      const explicit = output.materializer ? materializerById(request, output.name, output.materializer) : undefined;
      const version = await writeArtifact(artifactStore, values[output.name], {
        id: versionIds.get(output.name),
        name: output.artifactName,
        materializer: explicit,
        type: output.artifactType,
        tags: state.redactor.value([...output.tags, ...(state.outputTags.get(output.name) ?? [])]),
        metadata: state.redactor.value(state.outputMetadata.get(output.name)),
        extractMetadata: step.config.enableArtifactMetadata !== false,
        visualize: step.config.enableArtifactVisualization !== false,
        owner: request.context.store.url,
        onSmallContents: request.recentFiles && ((contents) => request.recentFiles!.remember(versionIds.get(output.name)!, contents)),
      }).catch((error) => {
        throw new ZenError(`Step '${step.id}' output '${output.name}': ${errorMessage(error)}`, { cause: error });
      });
      written.push({ ...version, ...(output.artifactVersion !== undefined ? { version: output.artifactVersion } : {}), outputName: output.name });
    }
  } catch (error) {
    await removeWritten(artifactStore, written);
    throw error;
  }
  return written;
}

/** A custom version name already taken fails the step before anything is written. */
async function refuseTakenVersions(request: StepRunRequest, values: Record<string, unknown>): Promise<void> {
  for (const output of request.step.outputs) {
    if (output.artifactVersion === undefined || !(output.name in values)) continue;
    const taken = await request.context.store.getArtifactVersion(output.artifactName, output.artifactVersion).catch(() => undefined);
    if (taken) {
      throw new AlreadyExistsError(
        `Step '${request.step.id}' output '${output.name}': artifact '${output.artifactName}' already has a version '${output.artifactVersion}'.`,
        'Change the version in the step\'s artifacts config, or remove it to get the next number.',
      );
    }
  }
}

/** Removes committed output folders that will not be registered (a failed write, a stopped run). */
export async function removeWritten(artifactStore: ArtifactStore, written: WrittenOutput[]): Promise<void> {
  for (const version of written) await artifactStore.remove(artifactStore.pathOf(version.uri) ?? '').catch(() => undefined);
  await settleCommitted(artifactStore, written.map((version) => version.id));
}

function splitOutputs(step: StepSpec, definition: StepDefinition, result: unknown): Record<string, unknown> {
  // A single-output step that returns nothing (a void function) has no output to store.
  if (!definition.config.outputs) return result === undefined ? {} : { [step.outputs[0].name]: result };
  if (typeof result !== 'object' || result === null) {
    throw new ZenError(`Step '${step.id}' declares outputs ${definition.outputNames.join(', ')} but returned ${result === null ? 'null' : typeof result}.`, {
      hint: 'Return an object with one key per output.',
    });
  }
  const missing = definition.outputNames.filter((name) => !(name in (result as object)));
  if (missing.length > 0) throw new ZenError(`Step '${step.id}' did not return its output(s) ${missing.join(', ')}.`, { hint: 'Return an object with one key per declared output.' });
  return result as Record<string, unknown>;
}

function materializerById(request: StepRunRequest, output: string, id: string): Materializer {
  const found = request.materializers?.get(id) ?? materializers.find(id);
  if (found) return found;
  throw new ZenError(`Step '${request.step.id}' output '${output}': the materializer '${id}' is not registered in this process.`, {
    hint: 'Call registerMaterializer() with it before the pipeline runs, or pass the materializer object instead of its id.',
  });
}
