import type { ZenContext } from '../context/zen-context.js';
import { resolveActiveStack } from '../context/zen-context.js';
import { artifactStoreById } from './artifact-store-factory.js';
import type { ArtifactStore } from '../core/artifact-store.js';

/** The artifact store of the active stack. */
export async function activeArtifactStore(context: ZenContext): Promise<ArtifactStore> {
  const active = await resolveActiveStack(context.config);
  const stack = await context.store.getStack(active.name);
  return artifactStoreById(context, stack.components.artifact_store);
}
