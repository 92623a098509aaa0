// Node 20 compiles every start's JavaScript from scratch: for the vendor bundles (oclif, kysely,
// yaml, ajv: ~800 KB together) that is a good part of a CLI start. A CommonJS bundle run
// through vm.Script can reuse V8's compiled code (what Node 22's module.enableCompileCache
// does), so the build emits them as CommonJS (scripts/bundle-vendor.mjs) and their ES module
// faces load them here. The cache is written once, at the end of the first process that
// compiled the bundle, so it also holds the functions that process ran.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { Script } from 'node:vm';
import { processSingleton } from './process-state.js';

/** $ZENML_CACHE_DIR, else $XDG_CACHE_HOME/zenml, else ~/.cache/zenml (as the rest of zenml). */
function codeCacheDir(): string {
  const root = process.env.ZENML_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'zenml');
  return join(root, 'code-cache');
}

const pendingWrites: Array<() => void> = [];

function writeCachesAtExit(): void {
  for (const write of pendingWrites.splice(0)) {
    try {
      write();
    } catch {
      // A cache that cannot be written (read-only home, full disk) only costs the next start time.
    }
  }
}

/**
 * Runs the CommonJS bundle at `file` and returns its exports, with compiled code from (and,
 * when missing or stale, saved to) the code cache. ZENML_NO_CODE_CACHE=1 turns it off.
 */
export function loadCachedBundle(file: string): Record<string, unknown> {
  // Run once per process: the CLI's CommonJS boot (src/cli/boot.ts) and the ES module faces
  // each load oclif through here, and they must share its classes (instanceof Config).
  const loaded = processSingleton('vendorBundles', () => new Map<string, Record<string, unknown>>());
  const done = loaded.get(file);
  if (done) return done;
  const exports = runCachedBundle(file);
  loaded.set(file, exports);
  return exports;
}

function runCachedBundle(file: string): Record<string, unknown> {
  const source = readFileSync(file, 'utf8');
  const useCache = process.env.ZENML_NO_CODE_CACHE !== '1';
  let cacheFile: string | undefined;
  let cachedData: Buffer | undefined;
  if (useCache) {
    const { size, mtimeMs } = statSync(file);
    // Keyed by the bundle as built and by the Node that compiled it (V8 checks this too, and
    // its flags: a rejected cache only means compiling as if there were none). No hash here:
    // node:crypto alone costs a few ms to load.
    const key = `${size}-${Math.trunc(mtimeMs)}-${process.version}-${process.arch}`;
    cacheFile = join(codeCacheDir(), `${basename(file)}-${key}.v8`);
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  // The build rewrote the bundle's import() calls (oclif loads commands and hooks that way) to
  // __zenmlImport(): code compiled from a cache cannot reach Node's import() callback on Node 20.
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __zenmlImport) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as Record<string, unknown> };
  const importModule = (specifier: string) => import(specifier);
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, join(file, '..'), importModule);
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    const target = cacheFile;
    if (pendingWrites.length === 0) process.once('exit', writeCachesAtExit);
    pendingWrites.push(() => {
      const dir = join(target, '..');
      mkdirSync(dir, { recursive: true });
      // Older caches of the same bundle (an earlier build or Node) are never read again.
      for (const old of readdirSync(dir)) if (old.startsWith(`${basename(file)}-`) && old.endsWith('.v8') && old !== basename(target)) rmSync(join(dir, old), { force: true });
      const temporary = `${target}.${process.pid}.tmp`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, target);
    });
  }
  return module.exports;
}
