import type { ArtifactFiles } from '../../core/artifact-store.js';

/** Small JSON file describing how the data file next to it is laid out. */
export const META_FILE = 'meta.json';

export async function writeMeta(files: ArtifactFiles, meta: object): Promise<void> {
  await files.writeFile(META_FILE, JSON.stringify(meta));
}

export async function readMeta<T>(files: ArtifactFiles): Promise<T> {
  return JSON.parse((await files.readFile(META_FILE)).toString('utf8')) as T;
}
