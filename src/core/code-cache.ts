// Node 20 compiles every start's JavaScript from scratch: for the vendor bundles (oclif, kysely,
// yaml, ajv: ~800 KB together) that is a good part of a CLI start. A CommonJS bundle run
// through vm.Script can reuse V8's compiled code (what Node 22's module.enableCompileCache
// does), so the build emits them as CommonJS (scripts/bundle-vendor.mjs) and their ES module
// faces load them here. The cache is written once, at the end of the first process that
// compiled the bundle, so it also holds the functions that process ran.
import { closeSync, fstatSync, mkdirSync, openSync, readSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, sep } from 'node:path';
import { Script } from 'node:vm';
import { processSingleton } from './process-state.js';
import { zenmlCacheDir } from './cache-dir.js';

function codeCacheDir(): string {
  return join(zenmlCacheDir(), 'code-cache');
}

const pendingWrites: Array<() => void> = [];

/**
 * A cache in use is read, never written again, so its age is the age of its build. The
 * library's chunks are named by content hash: each build (or upgrade) leaves the previous
 * build's caches behind under other names, which nothing else would remove.
 */
const STALE_CACHE_MS = 30 * 24 * 60 * 60 * 1000;

/** Shared by every copy of this module in the process (the CLI's boot has its own). */
const writes = processSingleton('codeCacheWrites', () => ({ skipped: false }));

/**
 * This process's run is not a typical one (it created or upgraded the store): the code it
 * compiled, migrations included, would make the caches every later start reads larger. It
 * writes none; the next process that compiles the bundles does.
 */
export function skipCodeCacheWrites(): void {
  writes.skipped = true;
}

function writeCachesAtExit(): void {
  if (writes.skipped) return;
  for (const write of pendingWrites.splice(0)) {
    try {
      write();
    } catch {
      // A cache that cannot be written (read-only home, full disk) only costs the next start time.
    }
  }
  try {
    pruneStaleCaches(codeCacheDir(), Date.now() - STALE_CACHE_MS);
  } catch {
    // As above: an unreadable folder only keeps its old files.
  }
}

/** Removes cache files written before `before`; one still in use is written again by its next start. */
function pruneStaleCaches(dir: string, before: number): void {
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.v8')) continue;
    const path = join(dir, name);
    if (statSync(path).mtimeMs < before) rmSync(path, { force: true });
  }
}

/** How a bundle's require() and import() calls are answered (by default as Node would from its file). */
export interface BundleLinker {
  require(specifier: string): unknown;
  import(specifier: string): Promise<unknown>;
}

function nodeLinker(file: string): BundleLinker {
  return { require: createRequire(file), import: (specifier) => import(specifier) };
}

/**
 * Runs the CommonJS bundle at `file` and returns its exports, with compiled code from (and,
 * when missing or stale, saved to) the code cache. ZENML_NO_CODE_CACHE=1 turns it off.
 */
export function loadCachedBundle(file: string, link: (file: string) => BundleLinker = nodeLinker): Record<string, unknown> {
  // Run once per process: the CLI's CommonJS boot (src/cli/boot.ts), the ES module faces and
  // the library's own bundles each load through here, and they must share one instance
  // (instanceof Config, one registry). The module is known before its code runs, so bundles
  // that require each other in a cycle get its exports as Node's require() would.
  const loaded = processSingleton('vendorBundles', () => new Map<string, { exports: Record<string, unknown> }>());
  const known = loaded.get(file);
  if (known) return known.exports;
  const module = { exports: {} as Record<string, unknown> };
  loaded.set(file, module);
  try {
    runCachedBundle(file, module, link(file));
  } catch (error) {
    loaded.delete(file);
    throw error;
  }
  return module.exports;
}

function runCachedBundle(file: string, module: { exports: Record<string, unknown> }, linker: BundleLinker): void {
  const bundle = readWhole(file);
  const source = bundle.bytes.toString('utf8');
  const useCache = process.env.ZENML_NO_CODE_CACHE !== '1';
  let cacheFile: string | undefined;
  let cachedData: Buffer | undefined;
  if (useCache) {
    // Keyed by the bundle as built and by the Node that compiled it (V8 checks this too, and
    // its flags: a rejected cache only means compiling as if there were none). No hash here:
    // node:crypto alone costs a few ms to load.
    const key = `${bundle.size}-${Math.trunc(bundle.mtimeMs)}-${process.version}-${process.arch}`;
    cacheFile = join(codeCacheDir(), `${cacheNameOf(file)}-${key}.v8`);
    try {
      cachedData = readWhole(cacheFile).bytes;
    } catch {
      cachedData = undefined;
    }
  }
  // The build rewrote the bundle's import() calls (oclif loads commands and hooks that way) to
  // __zenmlImport(): code compiled from a cache cannot reach Node's import() callback on Node 20.
  const script = new Script(isWrittenOut(source) ? source : `${FUNCTION_HEAD}${source}\n})`, { filename: file, cachedData });
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, linker.require, module, file, dirname(file), linker.import);
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    const target = cacheFile;
    const prefix = `${cacheNameOf(file)}-`;
    if (pendingWrites.length === 0) process.once('exit', writeCachesAtExit);
    pendingWrites.push(() => {
      const dir = dirname(target);
      mkdirSync(dir, { recursive: true });
      // Older caches of the same bundle (an earlier build or Node) are never read again.
      for (const old of readdirSync(dir)) if (old.startsWith(prefix) && old.endsWith('.v8') && old !== basename(target)) rmSync(join(dir, old), { force: true });
      const temporary = `${target}.${process.pid}.tmp`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, target);
    });
  }
}

/** Grown to the largest file read so far; see readWhole. */
const readBuffer = processSingleton('codeCacheReadBuffer', () => ({ bytes: Buffer.alloc(0) }));

/**
 * The whole file at `path`, in a buffer that the next call overwrites. A start reads a few MB
 * of bundles and caches, each used once (the source is copied into a string, the cache is
 * consumed while the Script compiles): a fresh buffer per file made the kernel hand out, and
 * zero, new pages for all of it, which cost more than reading the files.
 */
function readWhole(path: string): { bytes: Buffer; size: number; mtimeMs: number } {
  const fd = openSync(path, 'r');
  try {
    const { size, mtimeMs } = fstatSync(fd);
    // Pages of it never written cost nothing, so room to spare is free.
    if (readBuffer.bytes.length < size) readBuffer.bytes = Buffer.allocUnsafeSlow(Math.max(size, 1 << 20));
    let filled = 0;
    while (filled < size) {
      const read = readSync(fd, readBuffer.bytes, filled, size - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    return { bytes: readBuffer.bytes.subarray(0, filled), size, mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** The function a bundle's code runs in; scripts/lib/cached-bundle-format.mjs writes the same. */
const FUNCTION_HEAD = '(function (exports, require, module, __filename, __dirname, __zenmlImport) {';

/**
 * Whether the build wrote the bundle with its function already around it, after a first line
 * for Node (see scripts/lib/cached-bundle-format.mjs): then its text is compiled as read. The
 * script's value is that function. Wrapping here instead made a concatenated string, which
 * V8 copied whole before compiling or looking up the cache.
 */
function isWrittenOut(source: string): boolean {
  return source.startsWith(FUNCTION_HEAD, source.indexOf('\n') + 1);
}

/**
 * The cache's file name for a bundle: its path below the package's dist/ when it has one (the
 * library has many bundles, several with the same base name), else its base name.
 */
function cacheNameOf(file: string): string {
  const inDist = file.lastIndexOf(`${sep}dist${sep}`);
  const name = inDist === -1 ? basename(file) : file.slice(inDist + 6);
  return name.split(sep).join('~');
}
