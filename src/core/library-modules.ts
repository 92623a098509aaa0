// The library runs as CommonJS bundles in dist/cjs/ (scripts/lib-to-cjs.mjs), loaded through
// the code cache: Node 20 compiles every ES module from scratch at each start, and the
// library's ~1 MB of chunks were the largest part of a command's start. Each file of dist/
// that something loads by path (dist/index.js, the commands, …) stays an ES module face that
// takes its exports from here. Built on its own as dist/cjs/loader.cjs (not part of the
// chunks): the faces load it with Node's require().
import { createRequire } from 'node:module';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BundleLinker, loadCachedBundle } from './code-cache.js';

const libraryRoot = dirname(fileURLToPath(import.meta.url)) + sep;

/** The exports of the library bundle at `url` (a file of dist/cjs/), run once per process. */
export function loadLibraryModule(url: string | URL): Record<string, unknown> {
  return loadCachedBundle(fileURLToPath(url), linkLibraryModule);
}

/** A bundle's require() of another library bundle goes through the code cache too; anything else to Node. */
function linkLibraryModule(file: string): BundleLinker {
  const nodeRequire = createRequire(file);
  return {
    require(specifier) {
      if (!specifier.startsWith('.') || !specifier.endsWith('.cjs')) return nodeRequire(specifier);
      const target = resolve(dirname(file), specifier);
      return target.startsWith(libraryRoot) ? loadCachedBundle(target, linkLibraryModule) : nodeRequire(target);
    },
    // Only absolute URLs and package names reach here: the build made relative ones require()s.
    import: (specifier) => import(specifier),
  };
}
