// Bundled into one module at build time like ./kysely.ts: better-sqlite3's JavaScript is a
// dozen CommonJS files, and without `nativeBinding` it finds its addon through the bindings
// package, which probes a list of build folders on each start.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

function installedAddon(): string | undefined {
  try {
    // Resolved from here as the unbundled package would be (node_modules beside or above):
    // from the bundle's file once built (its import.meta is empty), from this module under tsx.
    const from = typeof __filename === 'string' ? __filename : import.meta.url;
    const file = join(dirname(createRequire(from).resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The addon where `npm install` builds or downloads it; undefined when it is elsewhere, and
 * then the caller opens the database with the package itself (which searches for it).
 */
export const nativeBinding = installedAddon();

export default Database;
