import { ZenError } from '../errors.js';
import type { Materializer, MetadataValue, ArtifactType } from '../materializers/types.js';
import { currentStepContext } from '../execution/step-context.js';
import { getZenContext } from '../sdk/zen-context.js';
import { ArtifactVersion } from './artifact-version.js';

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
  const { activeArtifactStore } = await import('./active-artifact-store.js');
  const store = await activeArtifactStore(context);
  const { writeArtifact } = await import('./write.js');
  const written = await writeArtifact(store, value, { name, ...options });
  const producer = currentStepContext();
  const model = await context.store.createArtifactVersion(written);
  if (producer) await context.store.addMetadata('step_run', producer.stepRun.id, { [`saved_artifact:${name}`]: model.version });
  return new ArtifactVersion<T>(model, () => Promise.resolve(context));
}

/** Loads the latest (or the given) version of a named artifact. */
export async function loadArtifact<T = any>(name: string, version?: number): Promise<T> {
  const context = await getZenContext();
  const model = await context.store.getArtifactVersion(name, version);
  return new ArtifactVersion<T>(model, () => Promise.resolve(context)).load();
}
