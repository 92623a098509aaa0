import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ArtifactVersionModel } from '../core/entities.js';
import { UsageError } from '../core/errors.js';
import { checkName } from '../core/names.js';
import { checkCustomVersionName } from '../core/artifact-version-name.js';
import type { MetadataValue } from '../core/materializer.js';
import { REGISTERED_PATH_MATERIALIZER } from '../core/registered-artifact.js';
import type { ZenContext } from '../context/zen-context.js';

export interface RegisterArtifactOptions {
  /** A custom version name; omitted = the next number. */
  version?: string;
  tags?: string[];
  metadata?: Record<string, MetadataValue>;
}

/**
 * Registers an existing file or folder as a new version of `name` without copying it (ZenML's
 * register_artifact): the version's uri is the path, load() returns it, and zenml never deletes it.
 */
export async function registerExistingData(context: ZenContext, folderOrFile: string, name: string, options: RegisterArtifactOptions = {}): Promise<ArtifactVersionModel> {
  if (!name || typeof name !== 'string') throw new UsageError('registerArtifact(folderOrFile, name) needs an artifact name.');
  checkName('Artifact name', name, { kind: 'label' });
  if (options.version !== undefined) checkCustomVersionName(options.version, name);
  const path = resolve(folderOrFile);
  if (!existsSync(path)) throw new UsageError(`Cannot register ${folderOrFile}: no such file or folder.`, 'Pass the path of existing data.');
  const { activeArtifactStore } = await import('../stack/active-artifact-store.js');
  const store = await activeArtifactStore(context);
  const folder = statSync(path).isDirectory();
  return context.store.createArtifactVersion({
    id: randomUUID(),
    name,
    uri: path,
    artifactStoreId: store.id,
    materializer: REGISTERED_PATH_MATERIALIZER,
    dataType: folder ? 'folder' : 'file',
    type: 'data',
    size: bytesOf(path),
    ...(options.version !== undefined ? { version: options.version } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
    ...(options.metadata ? { metadata: options.metadata } : {}),
  });
}

function bytesOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + bytesOf(join(path, entry)), 0);
}

/** What `artifact prune` keeps: records, files, or neither (the default deletes both). */
export interface PruneOptions {
  /** Delete the files only; the records stay. */
  onlyArtifact?: boolean;
  /** Delete the records only; the files stay. */
  onlyMetadata?: boolean;
  /** Say what would go without deleting anything. */
  dryRun?: boolean;
}

export interface PrunedVersion {
  id: string;
  artifact: string;
  version: number | string;
  uri: string;
  /** Bytes of its files, when recorded. */
  bytes?: number;
  /** False for registered data and files outside the artifact store: never deleted. */
  ownsFiles: boolean;
}

export interface PruneReport {
  dryRun: boolean;
  versions: PrunedVersion[];
  /** Bytes of the files that go (owned files only). */
  bytes: number;
  /** Artifacts deleted because their last version was (records only). */
  artifactsDeleted: number;
}

/** `zenml artifact prune`: versions no run, model version or tag needs (see ZenStore.listUnusedArtifactVersions). */
export async function pruneUnusedArtifacts(context: ZenContext, options: PruneOptions = {}): Promise<PruneReport> {
  if (options.onlyArtifact && options.onlyMetadata) throw new UsageError('--only-artifact and --only-metadata exclude each other.', 'Give one of them, or neither to delete both.');
  const unused = await context.store.listUnusedArtifactVersions();
  const owned = await Promise.all(unused.map((version) => ownedPath(context, version)));
  const described = unused.map((version, i) => describe(version, owned[i] !== undefined));
  const bytesOfFiles = (list: PrunedVersion[]) => (options.onlyMetadata ? 0 : list.filter((v) => v.ownsFiles).reduce((sum, v) => sum + (v.bytes ?? 0), 0));
  if (options.dryRun) return { dryRun: true, versions: described, bytes: bytesOfFiles(described), artifactsDeleted: 0 };

  let gone = new Set(unused.map((version) => version.id));
  let artifactsDeleted = 0;
  if (!options.onlyArtifact) {
    // Records first, re-checked by the store: a version a run started using since stays, with its files.
    const pruned = await context.store.pruneArtifactVersions(unused.map((version) => version.id));
    gone = new Set(pruned.versionIds);
    artifactsDeleted = pruned.artifactIds.length;
  }
  if (!options.onlyMetadata) {
    for (const [i, version] of unused.entries()) {
      const files = owned[i];
      if (files && gone.has(version.id)) await files.store.remove(files.path);
    }
  }
  const versions = described.filter((version) => gone.has(version.id));
  return { dryRun: false, versions, bytes: bytesOfFiles(versions), artifactsDeleted };
}

/**
 * `zenml artifact version delete`: one version, refused while a run, a model version or a tag
 * still uses it (deleting it would leave them pointing at nothing). Its files go with it unless
 * zenml does not own them.
 */
export async function deleteArtifactVersionAndFiles(context: ZenContext, version: ArtifactVersionModel): Promise<PrunedVersion> {
  const usage = await context.store.getArtifactVersionUsage(version.id);
  const users = [
    usage.runIds.length > 0 ? `${usage.runIds.length} run(s)` : '',
    usage.modelVersionIds.length > 0 ? `${usage.modelVersionIds.length} model version(s)` : '',
    usage.tags.length > 0 ? `tag(s) ${usage.tags.join(', ')}` : '',
  ].filter(Boolean);
  if (users.length > 0) {
    throw new UsageError(
      `Artifact '${version.name}' version ${version.version} is still used by ${users.join(', ')}.`,
      'Delete those runs (zenml pipeline runs delete), unlink it from the model and remove its tags first, or let `zenml artifact prune` remove it once unused.',
    );
  }
  const files = await ownedPath(context, version);
  const pruned = await context.store.pruneArtifactVersions([version.id]);
  if (!pruned.versionIds.includes(version.id)) throw new UsageError(`Artifact '${version.name}' version ${version.version} started being used meanwhile; it was not deleted.`);
  if (files) await files.store.remove(files.path);
  return describe(version, files !== undefined);
}

function describe(version: ArtifactVersionModel, ownsFiles: boolean): PrunedVersion {
  return { id: version.id, artifact: version.name, version: version.version, uri: version.uri, ...(version.size !== undefined ? { bytes: version.size } : {}), ownsFiles };
}

/** The version's folder in its artifact store, when zenml wrote it there (never for registered data). */
async function ownedPath(context: ZenContext, version: ArtifactVersionModel) {
  if (version.materializer === REGISTERED_PATH_MATERIALIZER) return undefined;
  const { artifactStoreById } = await import('../stack/artifact-store-factory.js');
  const store = await artifactStoreById(context, version.artifactStoreId).catch(() => undefined);
  const path = store?.pathOf(version.uri);
  // The store's root itself is never a version's folder.
  if (!store || !path || path === '.') return undefined;
  return { store, path };
}
