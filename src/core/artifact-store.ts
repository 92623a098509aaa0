import type { Readable, Writable } from 'node:stream';

/**
 * The file system an artifact store offers. Every path is relative to the store's root;
 * implementations refuse paths that escape it. A flavor plugin implements this for its
 * backend (local folder, S3, ...).
 */
export interface ArtifactStore {
  /** Id of the stack component this store was built from (enters cache keys). */
  readonly id: string;
  /** Human-readable location of the root, e.g. an absolute folder or `s3://bucket/prefix`. */
  readonly root: string;
  /** The full URI of a path, as recorded on artifact versions. */
  uri(path: string): string;
  /** Maps a full URI recorded on an artifact version back to a store path, or undefined if it is not ours. */
  pathOf(uri: string): string | undefined;
  exists(path: string): Promise<boolean>;
  readFile(path: string): Promise<Buffer>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  createReadStream(path: string): Promise<Readable>;
  createWriteStream(path: string): Promise<Writable>;
  /** Bytes of a file, or of every file below a folder. */
  size(path: string): Promise<number>;
  list(dir: string): Promise<string[]>;
  mkdir(dir: string): Promise<void>;
  remove(path: string): Promise<void>;
  /**
   * Moves a finished temporary folder to its final place in one step, so a reader
   * never sees a half-written artifact. Fails if `to` holds anything (an empty folder in the
   * way may be replaced: there is nothing in it to lose).
   */
  commit(from: string, to: string): Promise<void>;
  /** The absolute local path of a file when the store is a local folder; lets materializers skip copies. */
  localPath?(path: string): string;
}

/** Finds the artifact store a version was written to, by the id of its stack component. */
export type ArtifactStoreLocator = (componentId: string) => Promise<ArtifactStore>;

/**
 * The folder of one artifact version as a materializer sees it: names are relative to
 * the artifact's own folder.
 */
export interface ArtifactFiles {
  /** The URI of the artifact folder. */
  readonly uri: string;
  exists(name: string): Promise<boolean>;
  readFile(name: string): Promise<Buffer>;
  writeFile(name: string, data: Uint8Array | string): Promise<void>;
  createReadStream(name: string): Promise<Readable>;
  createWriteStream(name: string): Promise<Writable>;
  list(): Promise<string[]>;
  localPath?(name: string): string;
  /**
   * For a materializer that writes a file itself through `localPath`: a running checksum to
   * feed with every byte written (`byteLength` picks the algorithm); its digest() records
   * the file's checksum, so loads can verify it. Files never hashed are not checked.
   */
  hashWrittenFile?(name: string, byteLength: number): Promise<FileHash>;
  /**
   * Reports the checksum of a file a materializer wrote itself: a SHA-256 hex digest, or
   * one in the recorded form hashWrittenFile gives (`xxh128:<hex>`).
   */
  recordFileHash?(name: string, digest: string): void;
  /**
   * For a materializer that reads a file itself through `localPath`: when the file has a
   * recorded checksum, a running checksum to feed with every byte read, whose digest()
   * throws when the content is damaged. Undefined when there is nothing to check.
   */
  checkReadFile?(name: string): Promise<FileHash | undefined>;
}

/** A checksum computed as bytes pass; digest() gives it in its recorded form. */
export interface FileHash {
  update(chunk: Uint8Array | string): void;
  digest(): string;
}

/**
 * The files of one artifact folder, made for every artifact a step reads or writes. The
 * paths are written out in each member: a local helper would be renamed by the library
 * build (a `join` meets node:path's) and then named again on every call (see
 * scripts/lib/cheap-names.mjs).
 */
export function artifactFiles(store: ArtifactStore, dir: string): ArtifactFiles {
  return {
    uri: store.uri(dir),
    exists: (name) => store.exists(`${dir}/${name}`),
    readFile: (name) => store.readFile(`${dir}/${name}`),
    writeFile: (name, data) => store.writeFile(`${dir}/${name}`, data),
    createReadStream: (name) => store.createReadStream(`${dir}/${name}`),
    createWriteStream: (name) => store.createWriteStream(`${dir}/${name}`),
    list: () => store.list(dir),
    localPath: store.localPath ? (name) => store.localPath!(`${dir}/${name}`) : undefined,
  };
}
