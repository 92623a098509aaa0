import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { materializers } from '../materializers/registry.js';
import { INLINE_VISUALIZATION_BYTES, type ArtifactType, type Materializer, type MetadataValue, type Visualization } from '../core/materializer.js';
import type { NewArtifactVersion } from '../core/entities.js';
import { crashPoint } from '../core/crash-points.js';
import { artifactFiles, type ArtifactFiles, type ArtifactStore } from '../core/artifact-store.js';
import { hashingFiles } from './file-hashes.js';
import { logCommitted, releaseCommittedLog, settleLogged, usesCommittedLog } from './committed-log.js';
import { RECENT_VERSION_BYTES, type WrittenContents } from './recent-files.js';

/** Folder (relative to the store root) where artifacts are written before they are committed. */
export const TEMP_DIR = '.tmp';

/**
 * Markers of versions committed but not yet registered, holding the folder's path and the
 * ZenStore it is meant for: in a local store one log per process (`<host>.<pid>.log-<token>`,
 * see committed-log.ts), elsewhere one file per version (`<host>.<pid>.<id>`). A writer that
 * dies between the commit and the registration leaves its marker, so a later sweep finds
 * the folder without walking the whole store (see sweepTempFolders).
 */
export const COMMITTED_DIR = '.committed';

export interface CommittedMarker {
  path: string;
  /** URL of the ZenStore the version is registered in; a sweep from another store leaves it alone. */
  owner?: string;
}

export interface WriteOptions {
  name: string;
  materializer?: Materializer;
  type?: ArtifactType;
  tags?: string[];
  metadata?: Record<string, MetadataValue>;
  /** Version id decided in advance (so a step can know its output URIs). */
  id?: string;
  /** False: skip the materializer's extracted metadata (ZenML's enable_artifact_metadata). */
  extractMetadata?: boolean;
  /** False: skip the materializer's visualizations (ZenML's enable_artifact_visualization). */
  visualize?: boolean;
  /**
   * Called once the folder is committed with the files the materializer wrote, when it wrote
   * them whole (writeFile) and they are small (RECENT_VERSION_BYTES): a run keeps them for
   * its steps downstream in this process (see recent-files.ts).
   */
  onSmallContents?: (contents: WrittenContents) => void;
  /**
   * URL of the ZenStore the caller registers the version in. The folder stays marked as
   * committed-but-unregistered until the caller calls settleCommitted (or removes it).
   */
  owner?: string;
}

/**
 * Materializes a value into a temporary folder, then moves the folder into place in one
 * step. The version is registered in the store only after this returns, so a crash at any
 * point leaves either nothing visible or a complete artifact.
 */
export async function writeArtifact(store: ArtifactStore, value: unknown, options: WriteOptions): Promise<NewArtifactVersion> {
  const materializer = options.materializer ?? materializers.forValue(value);
  if (options.materializer && !options.materializer.canHandle(value)) {
    const { ZenError } = await import('../core/errors.js');
    const { describeType } = await import('../materializers/registry.js');
    throw new ZenError(`Materializer '${materializer.id}' cannot store a value of type ${describeType(value)} (artifact '${options.name}').`, {
      hint: 'Choose another materializer or return a value it supports.',
    });
  }
  const id = options.id ?? randomUUID();
  const temp = `${TEMP_DIR}/${tempOwnerTag()}${id}`;
  const final = artifactPath(options.name, id);
  try {
    await store.mkdir(temp);
    crashPoint('write:temp-created');
    const hashing = hashingFiles(artifactFiles(store, temp));
    const written = writtenFiles(hashing.files, options.onSmallContents !== undefined);
    const files = written.files;
    await materializer.save(value, files);
    crashPoint('write:saved');
    const visualizations = options.visualize === false ? [] : await fileOversizedInline((await materializer.saveVisualizations?.(value, files)) ?? [], files);
    const extracted = options.extractMetadata === false ? {} : (materializer.extractMetadata?.(value) ?? {});
    const metadata = { ...extracted, ...(options.metadata ?? {}) };
    const contentHash = materializer.contentHash?.(value);
    const fileHashes = hashing.hashes();
    const size = written.total() ?? (await store.size(temp));
    crashPoint('write:before-commit');
    const marker: CommittedMarker = { path: final, ...(options.owner ? { owner: options.owner } : {}) };
    if (usesCommittedLog(store)) await logCommitted(store, COMMITTED_DIR, { id, ...marker }, tempOwnerTag());
    else await store.writeFile(committedMarkerPath(id), JSON.stringify(marker));
    await store.commit(temp, final);
    crashPoint('write:committed');
    const contents = written.contents();
    if (contents) options.onSmallContents?.(contents);
    return {
      id,
      name: options.name,
      uri: store.uri(final),
      artifactStoreId: store.id,
      materializer: materializer.id,
      dataType: materializer.dataType(value),
      type: options.type ?? materializer.artifactType ?? 'data',
      contentHash,
      ...(fileHashes ? { fileHashes } : {}),
      size,
      visualizations,
      metadata,
      tags: options.tags,
    };
  } catch (error) {
    await store.remove(temp).catch(() => undefined);
    if (!(await store.exists(final).catch(() => true))) await settleCommitted(store, [id]);
    throw error;
  }
}

/**
 * A visualization whose content a materializer returned in `value` is kept in the version's
 * record only when it is small text (INLINE_VISUALIZATION_BYTES); any other goes to its file.
 */
async function fileOversizedInline(visualizations: Visualization[], files: ArtifactFiles): Promise<Visualization[]> {
  const kept: Visualization[] = [];
  for (const visualization of visualizations) {
    const { value, ...asFile } = visualization;
    if (value === undefined || (visualization.type !== 'image' && Buffer.byteLength(value) <= INLINE_VISUALIZATION_BYTES)) kept.push(visualization);
    else {
      await files.writeFile(visualization.file, value);
      kept.push(asFile);
    }
  }
  return kept;
}

function committedMarkerPath(id: string): string {
  return `${COMMITTED_DIR}/${tempOwnerTag()}${id}`;
}

/** The versions are registered (or their folders removed): their folders are no longer at risk of being orphans. */
export async function settleCommitted(store: ArtifactStore, versionIds: Iterable<string>): Promise<void> {
  if (usesCommittedLog(store)) return settleLogged(store, COMMITTED_DIR, versionIds);
  await Promise.all([...versionIds].map((id) => store.remove(committedMarkerPath(id)).catch(() => undefined)));
}

/** A run has ended: this process's marker log of the store goes if every version in it is settled. */
export function releaseCommitted(store: ArtifactStore): void {
  releaseCommittedLog(store, COMMITTED_DIR);
}

/** Removes a written version's folder that will not be registered. */
export async function removeArtifact(store: ArtifactStore, written: Pick<NewArtifactVersion, 'uri' | 'id'>): Promise<void> {
  const path = store.pathOf(written.uri);
  if (path) await store.remove(path).catch(() => undefined);
  await settleCommitted(store, [written.id]);
}

/** The final path of a version inside the store. */
export function artifactPath(name: string, id: string): string {
  return `${safeSegment(name)}/${id}`;
}

/** Artifact names contain `::`; folder names should not. */
export function safeSegment(name: string): string {
  return name.replace(/::/g, '__').replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * Temp folders are named `<host>.<pid>.<id>` so a later process can tell which ones belong
 * to a process that died (see sweepTempFolders).
 */
export function tempOwnerTag(): string {
  return `${hostTag()}.${process.pid}.`;
}

let cachedHostTag: string | undefined;

/** Read once per process: every artifact write names its temp folder with it. */
export function hostTag(): string {
  return (cachedHostTag ??= hostname().replace(/[^A-Za-z0-9-]/g, '_'));
}

/**
 * Wraps the files a materializer writes to add up their sizes on the way, so the folder need
 * not be walked afterwards (small artifacts: that walk was several system calls each), and to
 * keep what it wrote (with `keep`) while that stays small. One that writes a stream or through
 * `localPath` bypasses both: then `total()` is undefined and the folder is measured as before,
 * and `contents()` is undefined.
 */
function writtenFiles(files: ArtifactFiles, keep: boolean): { files: ArtifactFiles; total(): number | undefined; contents(): WrittenContents | undefined } {
  const sizes = new Map<string, number>();
  const contents = new Map<string, Uint8Array | string>();
  let bypassed = false;
  const wrapped: ArtifactFiles = {
    ...files,
    writeFile: async (name, data) => {
      await files.writeFile(name, data);
      const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
      sizes.set(name, size);
      // A copy: the step that returned the value may change its bytes afterwards.
      if (keep && size <= RECENT_VERSION_BYTES) contents.set(name, typeof data === 'string' ? data : Buffer.from(data));
      else contents.delete(name);
      crashPoint('write:file-written');
    },
    // A stream's bytes can arrive by end(chunk) too, which no wrapper of write() sees: measured after.
    createWriteStream: (name) => {
      bypassed = true;
      return files.createWriteStream(name);
    },
  };
  if (files.localPath) {
    const localPath = files.localPath;
    wrapped.localPath = (name) => {
      bypassed = true;
      return localPath(name);
    };
  }
  const total = () => (bypassed ? undefined : [...sizes.values()].reduce((a, b) => a + b, 0));
  return {
    files: wrapped,
    total,
    contents: () => (keep && !bypassed && contents.size === sizes.size && total()! <= RECENT_VERSION_BYTES ? contents : undefined),
  };
}
