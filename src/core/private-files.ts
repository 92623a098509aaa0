import { chmodSync, statSync } from 'node:fs';
import { processSingleton } from './process-state.js';

/** Modes of what zenml keeps for one user: metadata, secrets' ciphertext, artifacts. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const noticed = processSingleton('privateFilesNotice', () => ({ printed: false }));

/**
 * Takes group and other permissions away from files and folders made before zenml created
 * them private, and says so once per process in one line on stderr. Paths that do not
 * exist, or that another user owns (chmod would fail), are left alone: the owner decides.
 * Returns the paths it changed.
 */
export function tightenPrivatePaths(paths: Array<{ path: string; mode: number }>): string[] {
  const changed: string[] = [];
  const uid = process.getuid?.();
  for (const { path, mode } of paths) {
    let info;
    try {
      info = statSync(path);
    } catch {
      continue;
    }
    if ((info.mode & 0o077) === 0 || (uid !== undefined && info.uid !== uid)) continue;
    try {
      chmodSync(path, mode);
      changed.push(path);
    } catch {
      // A file system without modes (some network mounts): nothing to tighten.
    }
  }
  if (changed.length > 0 && !noticed.printed) {
    noticed.printed = true;
    const more = changed.length > 1 ? ` and ${changed.length - 1} more` : '';
    process.stderr.write(`Notice: ${changed[0]}${more} could be read by other users; made private to you (0700 folders, 0600 files).\n`);
  }
  return changed;
}
