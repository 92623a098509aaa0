import { sha256Hex } from '../core/sha256.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What a step's code depends on, for its cache key: the file that declares the step and every
 * local module it imports, transitively. Granularity is the file: editing any function in one
 * of those files misses the cache of every step declared in or importing it; a file none of
 * them imports (and anything under node_modules, whose version the lock file pins) does not.
 *
 * Imports are found statically in the source text (`import ... from`, `export ... from`,
 * `import()`, `require()`), relative or absolute specifiers only, resolved as tsx resolves
 * them (the loader `zenml pipeline run` imports pipeline files with): `./x.js` may be `x.ts`,
 * a bare `./x` tries the usual extensions and `x/index.*`. Reading text instead of asking the
 * module loader keeps the result the same in every process that hashes the step (launcher,
 * worker, step entrypoint), whatever each happened to import first.
 */
export class CodeDependencyHasher {
  /** File → sha256 of its bytes, and the local files it imports: each file is read once per hasher (one per compile, i.e. per run). */
  private readonly files = new Map<string, { hash: string; imports: string[] } | null>();
  private readonly closures = new Map<string, string | undefined>();

  /** One digest of the file and its local imports (undefined when the file cannot be read). */
  hashOf(file: string): string | undefined {
    // Keyed by the path as given: asked once per invocation with the same few files, so most
    // calls end here, before resolving (files are read once per resolved path all the same).
    if (this.closures.has(file)) return this.closures.get(file);
    const start = resolve(file.startsWith('file://') ? fileURLToPath(file) : file);
    const seen = new Set<string>();
    const pending = [start];
    while (pending.length > 0) {
      const next = pending.pop()!;
      if (seen.has(next)) continue;
      const entry = this.read(next);
      if (!entry) continue;
      seen.add(next);
      pending.push(...entry.imports);
    }
    let digest: string | undefined;
    if (seen.has(start)) {
      const base = dirname(start);
      // Paths relative to the step's file: moving the whole project keeps its cache.
      const lines = [...seen].map((path) => `${relative(base, path)}\0${this.files.get(path)!.hash}`).sort();
      digest = sha256Hex(lines.join('\n')).slice(0, 32);
    }
    this.closures.set(file, digest);
    return digest;
  }

  private read(file: string): { hash: string; imports: string[] } | null {
    const known = this.files.get(file);
    if (known !== undefined) return known;
    let entry: { hash: string; imports: string[] } | null = null;
    try {
      const bytes = readFileSync(file);
      const text = /\.(c|m)?[jt]sx?$/.test(file) ? bytes.toString('utf8') : '';
      entry = { hash: sha256Hex(bytes), imports: localImports(text, dirname(file)) };
    } catch {
      entry = null;
    }
    this.files.set(file, entry);
    return entry;
  }
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"`])([^'"`\n]+)\1/g;

/** The local files a module's text imports, resolved; packages and what cannot be found are left out. */
export function localImports(text: string, dir: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = match[2];
    if (!/^(\.{1,2}\/|\/|file:)/.test(specifier)) continue;
    const target = resolveLocal(specifier.startsWith('file:') ? fileURLToPath(specifier) : resolve(dir, specifier));
    if (target && !target.includes('/node_modules/')) found.add(target);
  }
  return [...found];
}

const TS_FOR_JS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];

function resolveLocal(path: string): string | undefined {
  const clean = path.replace(/[?#].*$/, '');
  const candidates = [clean];
  const extension = /\.[cm]?jsx?$/.exec(clean)?.[0];
  if (extension) candidates.push(...TS_FOR_JS[extension].map((ts) => clean.slice(0, -extension.length) + ts));
  candidates.push(...EXTENSIONS.map((ext) => clean + ext), ...EXTENSIONS.map((ext) => `${clean}/index${ext}`));
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}
