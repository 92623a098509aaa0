import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { nodeCrypto } from './lazy-crypto.js';

/**
 * Writes `content` at `path` whole or not at all: a reader sees the old file or the new one,
 * and processes writing the same file at once each rename a complete one. A failed write
 * leaves no temporary file behind.
 */
export function writeFileAtomically(path: string, content: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
