import { NotFoundError, ZenError } from '../core/errors.js';
import type { ArtifactVersionModel } from '../core/entities.js';
import type { ZenStore } from '../store/zen-store.js';
import type { ModelVersionModel } from '../core/model-entities.js';

/**
 * The artifact version linked to a model version under `name`: the artifact's full name, or
 * (since artifact names default to `<pipeline>::<step>::<output>`) the last part of it.
 * The newest version wins when several versions of that artifact are linked.
 */
export async function findLinkedArtifact(store: ZenStore, modelVersion: ModelVersionModel, name: string): Promise<ArtifactVersionModel> {
  const linked: ArtifactVersionModel[] = [];
  for (let page = 1; ; page++) {
    const batch = await store.listModelVersionArtifacts(modelVersion.id, { page, size: 1000 });
    linked.push(...batch.items.map((item) => item.artifactVersion));
    if (page * batch.size >= batch.total) break;
  }
  // Listed newest first per artifact; a version may be a custom name, so compare by creation.
  const newest = (versions: ArtifactVersionModel[]) => versions.reduce((a, b) => (b.created > a.created ? b : a));
  const exact = linked.filter((v) => v.name === name);
  if (exact.length > 0) return newest(exact);
  const bySuffix = linked.filter((v) => v.name.endsWith(`::${name}`));
  const names = [...new Set(bySuffix.map((v) => v.name))];
  if (names.length > 1) {
    throw new ZenError(`'${name}' matches several artifacts of model '${modelVersion.modelName}' version ${modelVersion.number}: ${names.join(', ')}.`, {
      hint: 'Use the full artifact name.',
    });
  }
  if (names.length === 1) return newest(bySuffix);
  const known = [...new Set(linked.map((v) => v.name))];
  throw new NotFoundError(
    `Model '${modelVersion.modelName}' version ${modelVersion.number} has no artifact '${name}'.`,
    known.length > 0 ? `Its artifacts: ${known.join(', ')}.` : 'It has no linked artifacts yet.',
  );
}
