import * as crypto from 'node:crypto';

/**
 * SHA-256 of `data`, in hex, in one call. Node's one-shot crypto.hash (20.12 and later) takes
 * about half the time of a Hash object on small inputs (a cache key per step, a source file per
 * run); earlier Node 20 releases, which zenml also runs on, have only the Hash object.
 */
export const sha256Hex: (data: string | Buffer) => string =
  typeof crypto.hash === 'function' ? (data) => crypto.hash('sha256', data, 'hex') : (data) => crypto.createHash('sha256').update(data).digest('hex');
