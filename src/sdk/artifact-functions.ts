import { ZenError } from '../core/errors.js';
import type { Materializer, MetadataValue, ArtifactType } from '../core/materializer.js';
import { currentStepContext } from '../context/step-context.js';
import { getZenContext } from '../context/zen-context.js';
import { ArtifactVersion } from '../artifacts/artifact-version.js';
import { artifactStoreLocator } from '../stack/artifact-store-factory.js';

export interface SaveArtifactOptions {
  version?: never;
  materializer?: Materializer;
  type?: ArtifactType;
  tags?: string[];
  metadata?: Record<string, MetadataValue>;
}

/** Stores a value as a new version of the named artifact on the active stack's artifact store. */
export async function saveArtifact<T>(value: T, name: string, options: SaveArtifactOptions = {}): Promise<ArtifactVersion<T>> {
  if (!name || typeof name !== 'string') throw new ZenError('saveArtifact(value, name) needs an artifact name.');
  const context = await getZenContext();
  const { activeArtifactStore } = await import('../stack/active-artifact-store.js');
  const store = await activeArtifactStore(context);
  const { writeArtifact } = await import('../artifacts/write.js');
  const written = await writeArtifact(store, value, { name, ...options });
  const producer = currentStepContext();
  const model = await context.store.createArtifactVersion(written);
  if (producer) await context.store.addMetadata('step_run', producer.stepRun.id, { [`saved_artifact:${name}`]: model.version });
  return new ArtifactVersion<T>(model, artifactStoreLocator(context));
}

/** Loads the latest (or the given) version of a named artifact. */
export async function loadArtifact<T = any>(name: string, version?: number): Promise<T> {
  const context = await getZenContext();
  const model = await context.store.getArtifactVersion(name, version);
  return new ArtifactVersion<T>(model, artifactStoreLocator(context)).load();
}
