import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArtifactFiles } from '../../src/core/artifact-store.js';

export interface TempArtifactFiles extends ArtifactFiles {
  readonly dir: string;
  /** Bytes of one file, for tests that check what was written. */
  size(name: string): Promise<number>;
  cleanup(): Promise<void>;
}

/**
 * An artifact folder in a fresh temp directory. `local: false` hides localPath so the
 * code path used for remote stores is exercised.
 */
export async function tempArtifactFiles(options: { local?: boolean } = {}): Promise<TempArtifactFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'zenml-materializer-'));
  const path = (name: string) => join(dir, name);
  const ensureParent = (name: string) => mkdir(dirname(path(name)), { recursive: true });
  return {
    dir,
    uri: pathToFileURL(dir).href,
    exists: async (name) => stat(path(name)).then(() => true, () => false),
    readFile: (name) => readFile(path(name)),
    writeFile: async (name, data) => {
      await ensureParent(name);
      await writeFile(path(name), data);
    },
    createReadStream: async (name) => createReadStream(path(name)),
    createWriteStream: async (name) => {
      await ensureParent(name);
      return createWriteStream(path(name));
    },
    list: async () => (await readdir(dir)).sort(),
    localPath: options.local === false ? undefined : path,
    size: async (name) => (await stat(path(name))).size,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
