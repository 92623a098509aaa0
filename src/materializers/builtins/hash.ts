import { createHash } from 'node:crypto';
import { sha256Hex } from '../../core/sha256.js';

/** Above this, hashing costs more than re-running a consumer usually saves. */
export const MAX_HASHED_BYTES = 64 * 1024 * 1024;

/**
 * sha256 over the materializer id and the content: the id keeps `1`, `'1'` and `1n`
 * (whose stored bytes can be equal) from sharing a cache key.
 */
export function hashContent(id: string, ...parts: (string | Uint8Array)[]): string {
  if (joinsAlike(parts)) return sha256Hex(`${id}\0${parts.join('')}`);
  const hash = createHash('sha256').update(id).update('\0');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** Up to this many UTF-16 units in all, text parts are joined and hashed in one call (see sha256Hex): a step output's hash is taken on every write. */
const JOINED_HASH_UNITS = 16 * 1024;

/**
 * Whether the parts, all text, give the same UTF-8 bytes joined as one after the other: they
 * do unless one ends in the first half of a surrogate pair and the next starts with the
 * second (joined they encode as one character, apart as two replacement characters).
 */
function joinsAlike(parts: (string | Uint8Array)[]): parts is string[] {
  let units = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part !== 'string') return false;
    units += part.length;
    if (units > JOINED_HASH_UNITS) return false;
    const last = part.charCodeAt(part.length - 1);
    if (i < parts.length - 1 && last >= 0xd800 && last <= 0xdbff) return false;
  }
  return true;
}

export function storageSize(bytes: number): { type: 'storage_size'; value: number } {
  return { type: 'storage_size', value: bytes };
}
