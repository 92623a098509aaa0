import { createHash } from 'node:crypto';
import { Transform, Writable, finished, pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import type { ArtifactFiles } from '../core/artifact-store.js';

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

const SLICE_BYTES = 8 * 1024 * 1024;

async function sha256Overlapped(data: Uint8Array | string): Promise<string> {
  if (typeof data === 'string' || data.byteLength <= SLICE_BYTES) return sha256(data);
  const hash = createHash('sha256');
  for (let start = 0; start < data.byteLength; start += SLICE_BYTES) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    hash.update(data.subarray(start, start + SLICE_BYTES));
  }
  return hash.digest('hex');
}

/**
 * Wraps the files a materializer writes so each file's SHA-256 is computed from the bytes
 * on their way to the store: no second pass over what was written. Files a materializer
 * writes itself through `localPath` are hashed only when it reports them
 * (`recordFileHash`); the others stay unrecorded and are not checked on load.
 */
export function hashingFiles(files: ArtifactFiles): { files: ArtifactFiles; hashes(): Record<string, string> | undefined } {
  const hashes: Record<string, string> = {};
  const wrapped: ArtifactFiles = {
    ...files,
    async writeFile(name, data) {
      // Large data is hashed in slices that yield to the event loop, so the store's write runs meanwhile.
      const [digest] = await Promise.all([sha256Overlapped(data), files.writeFile(name, data)]);
      hashes[name] = digest;
    },
    async createWriteStream(name) {
      const inner = await files.createWriteStream(name);
      const hash = createHash('sha256');
      const outer: Writable = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          if (inner.write(chunk)) callback();
          else inner.once('drain', () => callback());
        },
        final(callback) {
          // Done only when the store's own stream is: the folder is committed right after.
          finished(inner, (error) => {
            if (!error) hashes[name] = hash.digest('hex');
            callback(error ?? null);
          });
          inner.end();
        },
        destroy(error, callback) {
          if (error) inner.destroy(error);
          callback(error);
        },
      });
      // A failed write to the store fails the materializer's stream.
      inner.on('error', (error) => outer.destroy(error));
      return outer;
    },
    recordFileHash(name, digest) {
      hashes[name] = digest;
    },
  };
  return { files: wrapped, hashes: () => (Object.keys(hashes).length > 0 ? hashes : undefined) };
}

/**
 * Wraps the files a materializer reads so each file with a recorded hash is checked as it is
 * read (in memory, or as the stream passes): content changed on disk fails the load with
 * `damaged(file)` instead of loading as something else.
 */
export function verifyingFiles(files: ArtifactFiles, expected: Record<string, string>, damaged: (file: string) => Error): ArtifactFiles {
  const check = (name: string, digest: string) => {
    if (expected[name] !== undefined && expected[name] !== digest) throw damaged(name);
  };
  return {
    ...files,
    async readFile(name) {
      const data = await files.readFile(name);
      if (expected[name] !== undefined) check(name, sha256(data));
      return data;
    },
    async createReadStream(name) {
      const inner = await files.createReadStream(name);
      if (expected[name] === undefined) return inner;
      const hash = createHash('sha256');
      const checking = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          callback(null, chunk);
        },
        flush(callback) {
          try {
            check(name, hash.digest('hex'));
            callback();
          } catch (error) {
            callback(error as Error);
          }
        },
      });
      pipeline(inner, checking, () => undefined);
      return checking as Readable;
    },
    fileHashCheck(name) {
      return expected[name] === undefined ? undefined : (digest) => check(name, digest);
    },
  };
}
