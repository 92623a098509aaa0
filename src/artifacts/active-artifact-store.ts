import type { ZenContext } from '../sdk/zen-context.js';
import { resolveActiveStack } from '../sdk/zen-context.js';
import { artifactStoreById } from './artifact-stores.js';
import type { ArtifactStore } from './artifact-store.js';

/** The artifact store of the active stack. */
export async function activeArtifactStore(context: ZenContext): Promise<ArtifactStore> {
  const active = await resolveActiveStack(context.config);
  const stack = await context.store.getStack(active.name);
  return artifactStoreById(context, stack.components.artifact_store);
}
