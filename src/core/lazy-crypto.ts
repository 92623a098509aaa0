// node:crypto costs a few ms to load (it loads its whole family of internal modules), and
// the modules every store-opening command loads only need it to write: a new id, a temporary
// file name, a password hash. They take it from here on first use instead of at import.
import { createRequire } from 'node:module';

let loaded: typeof import('node:crypto') | undefined;

/** node:crypto, loaded on the first call. */
export function nodeCrypto(): typeof import('node:crypto') {
  loaded ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return loaded;
}
