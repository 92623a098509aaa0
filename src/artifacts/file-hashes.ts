import { createHash } from 'node:crypto';
import { Transform, Writable, finished, pipeline } from 'node:stream';
import type { Readable } from 'node:stream';
import type { ArtifactFiles, FileHash } from '../core/artifact-store.js';
import { lazyImport } from '../core/lazy-import.js';

/**
 * The checksum of an artifact file, recorded as written and checked as read. Two algorithms:
 * - `sha256`: recorded as bare hex (as every version before the tag existed was), used for
 *   small files, where it costs microseconds and loads nothing;
 * - `xxh128` (XXH3, 128 bits): recorded as `xxh128:<hex>`, used for large files. It is not
 *   cryptographic, but it detects damage as reliably (a 2^-128 chance to miss a change) at
 *   about three times SHA-256's speed, which keeps hashing out of the way of a fast disk.
 * The checksum guards against content changed or damaged on disk, not against someone who
 * can also rewrite the store's records.
 */
export type FileHashAlgorithm = 'sha256' | 'xxh128';

const XXH128_TAG = 'xxh128:';

/** Data this large is hashed with xxh128 (after loading its WASM once per process, ~50 ms); smaller data with SHA-256. */
export const LARGE_FILE_BYTES = 32 * 1024 * 1024;

/** The algorithm and hex digest of a recorded checksum; undefined for a form this version does not know. */
export function parseFileHash(recorded: string): { algorithm: FileHashAlgorithm; hex: string } | undefined {
  if (/^[0-9a-f]{64}$/.test(recorded)) return { algorithm: 'sha256', hex: recorded };
  if (recorded.startsWith(XXH128_TAG) && /^[0-9a-f]{32}$/.test(recorded.slice(XXH128_TAG.length))) return { algorithm: 'xxh128', hex: recorded.slice(XXH128_TAG.length) };
  return undefined;
}

/** The recorded form of a digest: SHA-256 bare (readable by every version), others tagged. */
function recordedForm(algorithm: FileHashAlgorithm, hex: string): string {
  return algorithm === 'sha256' ? hex : `${XXH128_TAG}${hex}`;
}

interface Digester {
  update(chunk: Uint8Array | string): void;
  digest(): string;
}

type XxhashModule = Pick<typeof import('hash-wasm'), 'createXXHash128'>;
// hash-wasm ships one file per algorithm without types of their own: the specifier is a plain
// string so type checks (the package's consumers' too) never look for declarations of that file.
const XXHASH_FILE: string = 'hash-wasm/dist/xxhash128.umd.min.js';
/** Only the xxh128 part of hash-wasm (20 KB, not the whole package), loaded on first use. */
const loadXxhash = lazyImport(async (): Promise<XxhashModule> => {
  const module = (await import(XXHASH_FILE)) as { default?: XxhashModule };
  // A UMD file: Node gives its exports as the default export.
  return module.default ?? (module as unknown as XxhashModule);
});

let xxhashReady = false;

async function digester(algorithm: FileHashAlgorithm): Promise<Digester> {
  if (algorithm === 'sha256') {
    const hash = createHash('sha256');
    return { update: (chunk) => void hash.update(chunk), digest: () => hash.digest('hex') };
  }
  const hasher = await (await loadXxhash()).createXXHash128();
  xxhashReady = true;
  hasher.init();
  return { update: (chunk) => void hasher.update(chunk), digest: () => hasher.digest('hex') };
}

/** A running checksum of `algorithm` whose result is in its recorded form. */
export async function startFileHash(algorithm: FileHashAlgorithm): Promise<FileHash> {
  const running = await digester(algorithm);
  return { update: (chunk) => running.update(chunk), digest: () => recordedForm(algorithm, running.digest()) };
}

/**
 * The algorithm for a new file: xxh128 for large data, and for data of unknown size (a
 * stream) once this process has it loaded; SHA-256 otherwise, so saving a few small files
 * never waits for the WASM module.
 */
export function algorithmForWrite(byteLength: number | undefined): FileHashAlgorithm {
  if (byteLength === undefined) return xxhashReady ? 'xxh128' : 'sha256';
  return byteLength >= LARGE_FILE_BYTES ? 'xxh128' : 'sha256';
}

/** The recorded checksum of `data` with `algorithm` (or the one algorithmForWrite picks for its size). */
export async function fileHashOf(data: Uint8Array | string, algorithm: FileHashAlgorithm = algorithmForWrite(byteLengthOf(data))): Promise<string> {
  const running = await startFileHash(algorithm);
  running.update(data);
  return running.digest();
}

/** Whether `data` matches the recorded checksum; false for a form this version cannot check. */
export async function matchesFileHash(data: Uint8Array | string, recorded: string): Promise<boolean> {
  const parsed = parseFileHash(recorded);
  return parsed !== undefined && (await fileHashOf(data, parsed.algorithm)) === recorded;
}

const byteLengthOf = (data: Uint8Array | string) => (typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength);

const SLICE_BYTES = 8 * 1024 * 1024;

/** Hashes large data in slices that yield to the event loop, so the store's write runs meanwhile. */
async function hashOverlapped(data: Uint8Array | string): Promise<string> {
  const running = await startFileHash(algorithmForWrite(byteLengthOf(data)));
  if (typeof data === 'string' || data.byteLength <= SLICE_BYTES) {
    running.update(data);
    return running.digest();
  }
  for (let start = 0; start < data.byteLength; start += SLICE_BYTES) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    running.update(data.subarray(start, start + SLICE_BYTES));
  }
  return running.digest();
}

/**
 * Wraps the files a materializer writes so each file's checksum is computed from the bytes
 * on their way to the store: no second pass over what was written. Files a materializer
 * writes itself through `localPath` are hashed only when it asks (`hashWrittenFile`) or
 * reports a digest (`recordFileHash`); the others stay unrecorded and are not checked on load.
 */
export function hashingFiles(files: ArtifactFiles): { files: ArtifactFiles; hashes(): Record<string, string> | undefined } {
  const hashes: Record<string, string> = {};
  const wrapped: ArtifactFiles = {
    ...files,
    async writeFile(name, data) {
      const [digest] = await Promise.all([hashOverlapped(data), files.writeFile(name, data)]);
      hashes[name] = digest;
    },
    async createWriteStream(name) {
      const hash = await startFileHash(algorithmForWrite(undefined));
      const inner = await files.createWriteStream(name);
      const outer: Writable = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          if (inner.write(chunk)) callback();
          else inner.once('drain', () => callback());
        },
        final(callback) {
          // Done only when the store's own stream is: the folder is committed right after.
          finished(inner, (error) => {
            if (!error) hashes[name] = hash.digest();
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
    async hashWrittenFile(name, byteLength) {
      const hash = await startFileHash(algorithmForWrite(byteLength));
      return { update: (chunk) => hash.update(chunk), digest: () => (hashes[name] = hash.digest()) };
    },
    recordFileHash(name, digest) {
      if (!parseFileHash(digest)) throw new Error(`recordFileHash(${name}): '${digest}' is neither a SHA-256 hex digest nor an 'xxh128:' one.`);
      hashes[name] = digest;
    },
  };
  return { files: wrapped, hashes: () => (Object.keys(hashes).length > 0 ? hashes : undefined) };
}

/**
 * Wraps the files a materializer reads so each file with a recorded checksum is checked as
 * it is read (in memory, or as the stream passes), with the algorithm it was recorded
 * with: content changed on disk fails the load with `damaged(file)` instead of loading as
 * something else. A checksum in a form this version does not know fails the same way
 * rather than loading unchecked.
 */
export function verifyingFiles(files: ArtifactFiles, expected: Record<string, string>, damaged: (file: string) => Error): ArtifactFiles {
  /** A running hash whose digest() throws damaged(name) on a mismatch; undefined when nothing is recorded. */
  const checker = async (name: string): Promise<FileHash | undefined> => {
    const recorded = expected[name];
    if (recorded === undefined) return undefined;
    const parsed = parseFileHash(recorded);
    if (!parsed) throw damaged(name);
    const hash = await startFileHash(parsed.algorithm);
    return {
      update: (chunk) => hash.update(chunk),
      digest: () => {
        const digest = hash.digest();
        if (digest !== recorded) throw damaged(name);
        return digest;
      },
    };
  };
  return {
    ...files,
    async readFile(name) {
      const check = await checker(name);
      const data = await files.readFile(name);
      if (check) {
        check.update(data);
        check.digest();
      }
      return data;
    },
    async createReadStream(name) {
      const check = await checker(name);
      const inner = await files.createReadStream(name);
      if (!check) return inner;
      const checking = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          check.update(chunk);
          callback(null, chunk);
        },
        flush(callback) {
          try {
            check.digest();
            callback();
          } catch (error) {
            callback(error as Error);
          }
        },
      });
      pipeline(inner, checking, () => undefined);
      return checking as Readable;
    },
    checkReadFile: checker,
  };
}
