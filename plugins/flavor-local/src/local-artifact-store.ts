import { closeSync, createReadStream, createWriteStream, existsSync, fstatSync, mkdirSync, openSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, ZenError, tightenPrivatePaths, type ArtifactStore } from 'zenml/plugin';

/**
 * Files up to this size are read and written with synchronous calls: for a small file the
 * thread-pool round trips of the promise API (open, write, close: one each) cost far more
 * than the write itself, and the event loop is held for microseconds only. Bigger files
 * keep the promise API, so a large artifact never stalls other steps' work.
 */
const SMALL_FILE_BYTES = 64 * 1024;
/**
 * Files up to this size are read with synchronous calls. A read from the page cache runs at
 * gigabytes a second (a megabyte holds the event loop about a tenth of a millisecond), while
 * the promise API's readFile takes four thread-pool round trips (open, fstat, read, close),
 * which for a 300 KiB visualization cost more than the read itself.
 */
const SYNC_READ_BYTES = 1024 * 1024;

/** Segments of letters, digits, `_`, `-` and `.` joined by single slashes, none of them `.` or `..`. */
const PLAIN_RELATIVE = /^(?!\.\.?(?:\/|$))[\w.-]+(?:\/(?!\.\.?(?:\/|$))[\w.-]+)*$/;

/**
 * An artifact store in a local folder. Every path is confined to the root. Folders are
 * created 0700 and files 0600: artifacts are as private as the metadata that points at them.
 */
export class LocalArtifactStore implements ArtifactStore {
  readonly root: string;
  /** Undefined (the umask decides) on a folder shared with workers that may run as another user. */
  private readonly dirMode: number | undefined;
  private readonly fileMode: number | undefined;

  constructor(
    readonly id: string,
    root: string,
    options: { shared?: boolean } = {},
  ) {
    this.root = resolve(root);
    // A root made before stores were private is tightened, unless it is shared with workers
    // (sharedFilesystem), whose user may differ: there its owner chose the mode.
    this.dirMode = options.shared ? undefined : PRIVATE_DIR_MODE;
    this.fileMode = options.shared ? undefined : PRIVATE_FILE_MODE;
    if (!options.shared) tightenPrivatePaths([{ path: this.root, mode: PRIVATE_DIR_MODE }]);
  }

  localPath(path: string): string {
    // The paths zenml itself asks for (`<artifact>/<id>/<file>`, `.tmp/...`) need no resolving:
    // relative, with no `.` or `..` segment, they are already inside the root, as they are.
    if (sep === '/' && PLAIN_RELATIVE.test(path)) return `${this.root === '/' ? '' : this.root}/${path}`;
    const full = isAbsolute(path) ? resolve(path) : resolve(this.root, path);
    const rel = relative(this.root, full);
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw new ZenError(`The path '${path}' is outside the artifact store at ${this.root}.`, { hint: 'Artifact paths must stay inside the store.' });
    }
    return full;
  }

  uri(path: string): string {
    return this.localPath(path);
  }

  pathOf(uri: string): string | undefined {
    // A URI this store made (see localPath): the path is what follows the root.
    if (sep === '/' && uri.startsWith(this.root) && uri[this.root.length] === '/') {
      const path = uri.slice(this.root.length + 1);
      if (PLAIN_RELATIVE.test(path) && !path.startsWith('..')) return path;
    }
    const rel = relative(this.root, resolve(uri));
    if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
    return rel;
  }

  async exists(path: string): Promise<boolean> {
    return existsSync(this.localPath(path));
  }

  async readFile(path: string): Promise<Buffer> {
    const full = this.localPath(path);
    // Opened once: its size says whether the rest is read here or by the promise API.
    const fd = openSync(full, 'r');
    let small: Buffer | undefined;
    try {
      const size = fstatSync(fd).size;
      if (size <= SYNC_READ_BYTES) small = readWhole(fd, size);
    } finally {
      closeSync(fd);
    }
    return small ?? readFile(full);
  }

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    const full = this.localPath(path);
    // Strings are measured in UTF-16 units: at most 3 bytes each in UTF-8.
    const small = (typeof data === 'string' ? data.length * 3 : data.byteLength) <= SMALL_FILE_BYTES;
    await this.inDir(dirname(full), async () => (small ? writeFileSync(full, data, { mode: this.fileMode }) : writeFile(full, data, { mode: this.fileMode })));
  }

  async createReadStream(path: string): Promise<Readable> {
    return createReadStream(this.localPath(path));
  }

  async createWriteStream(path: string): Promise<Writable> {
    const full = this.localPath(path);
    await mkdir(dirname(full), { recursive: true, mode: this.dirMode });
    return createWriteStream(full, { mode: this.fileMode });
  }

  async size(path: string): Promise<number> {
    const full = this.localPath(path);
    // One system call of metadata: synchronous, as a thread-pool round trip costs more.
    const info = statSync(full);
    if (!info.isDirectory()) return info.size;
    let total = 0;
    for (const entry of await readdir(full)) total += await this.size(join(full, entry));
    return total;
  }

  async list(dir: string): Promise<string[]> {
    return readdir(this.localPath(dir)).catch(() => []);
  }

  async mkdir(dir: string): Promise<void> {
    const full = this.localPath(dir);
    mkdirSync(full, { recursive: true, mode: this.dirMode });
  }

  async remove(path: string): Promise<void> {
    const full = this.localPath(path);
    // Most removals are of one small file (a commit marker): one unlink, not a recursive walk.
    try {
      unlinkSync(full);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    }
    await rm(full, { recursive: true, force: true });
  }

  async commit(from: string, to: string): Promise<void> {
    const source = this.localPath(from);
    const target = this.localPath(to);
    // rename(2) is atomic within one file system: readers see all of the folder or none. It
    // refuses a target that has anything in it (ENOTEMPTY, or EEXIST on some systems), so no
    // separate existence check (a system call per artifact) is needed: an empty folder in
    // the way holds nothing to lose and is replaced.
    await this.inDir(dirname(target), async () => {
      try {
        renameSync(source, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR') throw new ZenError(`Cannot commit artifact: ${target} already exists.`);
        throw error;
      }
    });
  }

  /**
   * Runs `operation` on a path inside `dir`, creating `dir` only when the operation finds it
   * missing (ENOENT), then once more: every step writes into folders that mostly exist
   * already, and a recursive mkdir of an existing folder still costs system calls.
   */
  private async inDir<T>(dir: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(dir, { recursive: true, mode: this.dirMode });
      return operation();
    }
  }
}

/** The whole of a small open file, read in as few calls as it takes. */
function readWhole(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = readSync(fd, buffer, read, size - read, read);
    if (n === 0) break;
    read += n;
  }
  return read === size ? buffer : buffer.subarray(0, read);
}
