import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, ZenError, tightenPrivatePaths, type ArtifactStore } from 'zenml/plugin';

/**
 * An artifact store in a local folder. Every path is confined to the root. Folders are
 * created 0700 and files 0600: artifacts are as private as the metadata that points at them.
 */
export class LocalArtifactStore implements ArtifactStore {
  readonly root: string;
  private readonly knownDirs = new Set<string>();
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
    const rel = relative(this.root, resolve(uri));
    if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
    return rel;
  }

  async exists(path: string): Promise<boolean> {
    return access(this.localPath(path)).then(
      () => true,
      () => false,
    );
  }

  readFile(path: string): Promise<Buffer> {
    return readFile(this.localPath(path));
  }

  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    const full = this.localPath(path);
    await this.inDir(dirname(full), () => writeFile(full, data, { mode: this.fileMode }));
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
    const info = await stat(full);
    if (!info.isDirectory()) return info.size;
    let total = 0;
    for (const entry of await readdir(full)) total += await this.size(join(full, entry));
    return total;
  }

  async list(dir: string): Promise<string[]> {
    return readdir(this.localPath(dir)).catch(() => []);
  }

  async mkdir(dir: string): Promise<void> {
    await mkdir(this.localPath(dir), { recursive: true, mode: this.dirMode });
  }

  async remove(path: string): Promise<void> {
    await rm(this.localPath(path), { recursive: true, force: true });
  }

  async commit(from: string, to: string): Promise<void> {
    const target = this.localPath(to);
    if (await this.exists(to)) throw new ZenError(`Cannot commit artifact: ${target} already exists.`);
    // rename(2) is atomic within one file system: readers see all of the folder or none.
    await this.inDir(dirname(target), () => rename(this.localPath(from), target));
  }

  /**
   * Runs `operation` on a path inside `dir`, creating `dir` once per process: every step
   * writes into the same few parent folders, and a recursive mkdir of an existing folder
   * still costs several system calls. A folder removed behind our back (ENOENT) is
   * created again and the operation retried.
   */
  private async inDir<T>(dir: string, operation: () => Promise<T>): Promise<T> {
    if (!this.knownDirs.has(dir)) {
      await mkdir(dir, { recursive: true, mode: this.dirMode });
      this.knownDirs.add(dir);
      return operation();
    }
    try {
      return await operation();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(dir, { recursive: true, mode: this.dirMode });
      return operation();
    }
  }
}
