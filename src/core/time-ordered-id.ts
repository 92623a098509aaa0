import { nodeCrypto } from './lazy-crypto.js';

/** Random bytes drawn in batches: one call to the system's generator serves this many ids. */
const IDS_PER_DRAW = 128;
let pool: Buffer | undefined;
let next = IDS_PER_DRAW;

/**
 * A UUID version 7 (RFC 9562): the first 48 bits are the milliseconds since 1970, the
 * rest random (74 bits), so ids made one after another sort close together. Rows keyed by
 * such ids go into the rightmost pages of their indexes, which the steps of one commit then
 * share, where random (version 4) ids touched a page of each index per row: fewer pages to
 * write at each commit and each checkpoint. Still a UUID anywhere one is expected.
 */
export function timeOrderedId(): string {
  if (next === IDS_PER_DRAW) {
    pool = nodeCrypto().randomFillSync(Buffer.allocUnsafe(16 * IDS_PER_DRAW));
    next = 0;
  }
  const bytes = pool!.subarray(next * 16, next * 16 + 16);
  next++;
  const ms = Date.now();
  // 48 bits do not fit a 32-bit shift: the high 16 bits by division.
  bytes.writeUInt16BE(Math.floor(ms / 2 ** 32), 0);
  bytes.writeUInt32BE(ms >>> 0, 2);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
