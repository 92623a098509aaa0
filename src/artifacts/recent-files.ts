import type { ArtifactFiles } from '../core/artifact-store.js';

/** The files of one version, as its materializer handed them to the store (binary data copied then). */
export type WrittenContents = ReadonlyMap<string, Uint8Array | string>;

/** A version is kept only when all its files together are this small. */
export const RECENT_VERSION_BYTES = 64 * 1024;
/** What one run keeps at most; the oldest versions go first. */
const RECENT_RUN_BYTES = 4 * 1024 * 1024;

/**
 * The files of the small versions a run wrote in this process, so the steps downstream in
 * the same process load them from memory instead of reading back what was written a moment
 * ago (an open, a stat, a read and a close per input, on a disk where a system call costs
 * tens of microseconds). They are the very bytes that went to the store and were hashed
 * there, so nothing is lost by not checking them again.
 */
export class RecentFiles {
  private readonly versions = new Map<string, { contents: WrittenContents; bytes: number }>();
  private bytes = 0;

  remember(versionId: string, contents: WrittenContents): void {
    let bytes = 0;
    for (const data of contents.values()) bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    if (bytes > RECENT_VERSION_BYTES) return;
    this.versions.set(versionId, { contents, bytes });
    this.bytes += bytes;
    for (const [id, entry] of this.versions) {
      if (this.bytes <= RECENT_RUN_BYTES) break;
      this.versions.delete(id);
      this.bytes -= entry.bytes;
    }
  }

  contentsOf(versionId: string): WrittenContents | undefined {
    return this.versions.get(versionId)?.contents;
  }
}

/**
 * `files` whose reads of the files in `contents` are served from memory. Each read gets a
 * buffer of its own: a materializer may decode in place.
 */
export function readingFromMemory(files: ArtifactFiles, contents: WrittenContents): ArtifactFiles {
  return {
    ...files,
    async readFile(name) {
      const data = contents.get(name);
      if (data === undefined) return files.readFile(name);
      return typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    },
  };
}
