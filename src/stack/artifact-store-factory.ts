import type { ArtifactStore, ArtifactStoreLocator } from '../core/artifact-store.js';
import { loadFlavorRegistry } from './flavor-registry.js';
import { loadFlavorImplementation } from './flavor-load.js';
import type { ZenContext } from '../context/zen-context.js';
import { processSingleton } from '../core/process-state.js';

const cache = processSingleton('artifactStores', () => new Map<string, Promise<ArtifactStore>>());

/** The artifact store component with this id, built once per process (versions record which store holds them). */
export function artifactStoreById(context: ZenContext, componentId: string): Promise<ArtifactStore> {
  const key = `${context.store.url}|${componentId}`;
  let store = cache.get(key);
  if (!store) {
    store = (async () => {
      const component = await context.store.getStackComponent('artifact_store', componentId);
      const flavor = (await loadFlavorRegistry()).get('artifact_store', component.flavor);
      const implementation = await loadFlavorImplementation(flavor);
      const { resolveSecretReferences } = await import('../secrets/resolve.js');
      const config = await resolveSecretReferences(context, component.config);
      return (await implementation.create({ id: component.id, name: component.name, config, configDir: context.configDir })) as ArtifactStore;
    })();
    cache.set(key, store);
    store.catch(() => cache.delete(key));
  }
  return store;
}

/** A locator that builds (once per process) the artifact stores of this context's store. */
export function artifactStoreLocator(context: ZenContext): ArtifactStoreLocator {
  return (componentId) => artifactStoreById(context, componentId);
}

export function rememberArtifactStore(context: ZenContext, store: ArtifactStore): void {
  cache.set(`${context.store.url}|${store.id}`, Promise.resolve(store));
}
