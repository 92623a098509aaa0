import { ZenError } from '../core/errors.js';
import { materializers } from '../materializers/registry.js';
import type { Materializer } from '../core/materializer.js';
import type { ArtifactVersionModel } from '../core/entities.js';
import { artifactFiles, type ArtifactStore } from '../core/artifact-store.js';
import { verifyingFiles } from './file-hashes.js';
import { readingFromMemory, type WrittenContents } from './recent-files.js';
import { REGISTERED_PATH_MATERIALIZER } from '../core/registered-artifact.js';
import { existsSync } from 'node:fs';

/**
 * Reads a stored artifact version back from its artifact store through the materializer
 * recorded with it. `written`: its files as this process wrote them moments ago (see
 * recent-files.ts), read from memory instead.
 */
export async function loadArtifactValue(store: ArtifactStore, version: ArtifactVersionModel, extra?: Map<string, Materializer>, written?: WrittenContents): Promise<unknown> {
  const path = store.pathOf(version.uri);
  const missing = () =>
    new ZenError(`The files of artifact '${version.name}' version ${version.version} are missing at ${version.uri}.`, {
      hint: 'They were deleted outside zenml; re-run the step that produced it.',
    });
  const damaged = (file: string) =>
    new ZenError(`The files of artifact '${version.name}' version ${version.version} (${version.id}) are damaged: ${file} no longer matches the hash recorded when it was written.`, {
      hint: 'Restore the folder from a backup, or delete this version and re-run the step that produced it.',
    });
  if (version.materializer === REGISTERED_PATH_MATERIALIZER) {
    // Registered data stays where it is: its value is its path.
    if (!existsSync(version.uri)) throw missing();
    return version.uri;
  }
  if (path === undefined) throw missing();
  const materializer = extra?.get(version.materializer) ?? materializers.find(version.materializer);
  if (!materializer) {
    // Custom materializers live in user code: a process that never imported it cannot read the files.
    throw new ZenError(`Artifact '${version.name}' version ${version.version} was stored by materializer '${version.materializer}', which is not registered in this process.`, {
      hint: `Import the module that calls registerMaterializer() with '${version.materializer}' before loading it.`,
    });
  }
  // Files are checked only when loading fails: one file-system round trip less per input.
  try {
    const files = artifactFiles(store, path);
    // Versions written before file hashes existed load unchecked, as they always did.
    const checked = version.fileHashes ? verifyingFiles(files, version.fileHashes, damaged) : files;
    return await materializer.load(written ? readingFromMemory(checked, written) : checked);
  } catch (error) {
    if (!(await store.exists(path).catch(() => false))) throw missing();
    throw error;
  }
}
