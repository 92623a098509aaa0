import { ZenError } from '../core/errors.js';
import { checkName } from '../core/names.js';
import { checkCustomVersionName } from '../core/artifact-version-name.js';
import type { Materializer, MetadataValue, ArtifactType } from '../core/materializer.js';
import { currentStepContext } from '../context/step-context.js';
import { getZenContext } from '../context/zen-context.js';
import { ArtifactVersion } from '../artifacts/artifact-version.js';
import type { LoadedVisualization, ReadVisualizationOptions } from '../artifacts/visualization.js';
import { artifactStoreLocator } from '../stack/artifact-store-factory.js';

export interface SaveArtifactOptions {
  /** A custom version name (e.g. 'v-alpha'), unique per artifact and never all digits; omitted = the next number. */
  version?: string;
  materializer?: Materializer;
  type?: ArtifactType;
  tags?: string[];
  metadata?: Record<string, MetadataValue>;
}

/** Stores a value as a new version of the named artifact on the active stack's artifact store. */
export async function saveArtifact<T>(value: T, name: string, options: SaveArtifactOptions = {}): Promise<ArtifactVersion<T>> {
  if (!name || typeof name !== 'string') throw new ZenError('saveArtifact(value, name) needs an artifact name.');
  checkName('Artifact name', name, { kind: 'label' });
  if (options.version !== undefined) checkCustomVersionName(options.version, name);
  const context = await getZenContext();
  const { activeArtifactStore } = await import('../stack/active-artifact-store.js');
  const store = await activeArtifactStore(context);
  const { writeArtifact, removeArtifact, settleCommitted, releaseCommitted } = await import('../artifacts/write.js');
  const { version, ...writeOptions } = options;
  const producer = currentStepContext();
  // Saved from a step: its tags and metadata leave without the run's secret values.
  if (producer) Object.assign(writeOptions, producer.redactor.value({ tags: writeOptions.tags, metadata: writeOptions.metadata }));
  const written = await writeArtifact(store, value, { name, ...writeOptions, owner: context.store.url });
  let model;
  try {
    model = await context.store.createArtifactVersion(version === undefined ? written : { ...written, version });
  } catch (error) {
    // Never registered (a taken version name): the files would be orphans.
    await removeArtifact(store, written);
    throw error;
  }
  await settleCommitted(store, [written.id]);
  // Outside a run nothing else releases this process's marker log (a run does at its end).
  if (!producer) releaseCommitted(store);
  if (producer) await context.store.addMetadata('step_run', producer.stepRun.id, { [`saved_artifact:${name}`]: model.version });
  return new ArtifactVersion<T>(model, artifactStoreLocator(context));
}

/** Loads the latest (or the given) version of a named artifact: a number, or a custom version name. */
export async function loadArtifact<T = any>(name: string, version?: number | string): Promise<T> {
  const context = await getZenContext();
  const model = await context.store.getArtifactVersion(name, version);
  return new ArtifactVersion<T>(model, artifactStoreLocator(context)).load();
}

/**
 * Visualization `index` (0-based) of an artifact version, ready to render (ZenML's
 * load_artifact_visualization): `nameOrId` is a version id, or an artifact name with
 * `version` (latest when omitted). Images come as a `data:image/...;base64,` URL.
 */
export async function loadArtifactVisualization(nameOrId: string, index = 0, options: { version?: number | string } & ReadVisualizationOptions = {}): Promise<LoadedVisualization> {
  const { version, ...read } = options;
  const context = await getZenContext();
  const model = await context.store.getArtifactVersion(nameOrId, version);
  return new ArtifactVersion(model, artifactStoreLocator(context)).visualize(index, read);
}

/**
 * Registers an existing file or folder as a new version of the named artifact without copying
 * it (ZenML's register_artifact): load() returns its path; prune and delete never remove it.
 */
export async function registerArtifact(folderOrFile: string, name: string, options: import('./artifact-lifecycle.js').RegisterArtifactOptions = {}): Promise<ArtifactVersion<string>> {
  const context = await getZenContext();
  const { registerExistingData } = await import('./artifact-lifecycle.js');
  return new ArtifactVersion<string>(await registerExistingData(context, folderOrFile, name, options), artifactStoreLocator(context));
}
