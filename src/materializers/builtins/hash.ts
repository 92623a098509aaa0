import { createHash } from 'node:crypto';

/** Above this, hashing costs more than re-running a consumer usually saves. */
export const MAX_HASHED_BYTES = 64 * 1024 * 1024;

/**
 * sha256 over the materializer id and the content: the id keeps `1`, `'1'` and `1n`
 * (whose stored bytes can be equal) from sharing a cache key.
 */
export function hashContent(id: string, ...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256').update(id).update('\0');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

export function storageSize(bytes: number): { type: 'storage_size'; value: number } {
  return { type: 'storage_size', value: bytes };
}
