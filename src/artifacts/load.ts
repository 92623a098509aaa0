import { ZenError } from '../errors.js';
import { materializers } from '../materializers/registry.js';
import type { Materializer } from '../materializers/types.js';
import type { ArtifactVersionModel } from '../store/models.js';
import type { ZenContext } from '../sdk/zen-context.js';
import { artifactFiles } from './artifact-store.js';
import { artifactStoreById } from './artifact-stores.js';

/** Reads a stored artifact version back through the materializer recorded with it. */
export async function loadArtifactValue(context: ZenContext, version: ArtifactVersionModel, extra?: Map<string, Materializer>): Promise<unknown> {
  const store = await artifactStoreById(context, version.artifactStoreId);
  const path = store.pathOf(version.uri);
  if (path === undefined || !(await store.exists(path))) {
    throw new ZenError(`The files of artifact '${version.name}' version ${version.version} are missing at ${version.uri}.`, {
      hint: 'They were deleted outside zenml; re-run the step that produced it.',
    });
  }
  const materializer = extra?.get(version.materializer) ?? materializers.byIdOrThrow(version.materializer);
  return materializer.load(artifactFiles(store, path));
}
