import { sha256Hex } from '../core/sha256.js';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ZenError } from '../core/errors.js';

/**
 * The code of a pipeline snapshot: the pipeline file, every local module it imports
 * (relative specifiers, followed transitively) and the nearest package.json (it says whether
 * `.ts` files are ES modules). No tar package is installed, so the archive is a gzipped JSON
 * document `{ entry, files: { path: base64 } }`: small pipelines, no streaming needed.
 */
export interface CodeArchive {
  /** The pipeline file's path inside the archive. */
  entry: string;
  bytes: Buffer;
  /** sha256 of `bytes`: names the archive and its extracted folder. */
  hash: string;
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
const MAX_FILES = 500;

export async function archivePipelineCode(file: string): Promise<CodeArchive> {
  const entryPath = resolve(file);
  const found = new Map<string, Buffer>();
  const pending = [entryPath];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (found.has(path)) continue;
    if (found.size >= MAX_FILES) throw new ZenError(`The pipeline ${file} imports more than ${MAX_FILES} local modules; a snapshot keeps at most that many.`);
    const content = await readFile(path);
    found.set(path, content);
    if (!/\.(c|m)?[jt]sx?$/.test(path)) continue;
    for (const match of content.toString('utf8').matchAll(IMPORT)) {
      const target = resolveLocal(dirname(path), match[1]);
      if (target) pending.push(target);
    }
  }
  const manifest = nearestPackageJson(dirname(entryPath));
  if (manifest) found.set(manifest, await readFile(manifest));
  const root = commonDir([...found.keys()]);
  const files = Object.fromEntries([...found].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, content]) => [relative(root, path).split(sep).join('/'), content.toString('base64')]));
  const entry = relative(root, entryPath).split(sep).join('/');
  const bytes = gzipSync(JSON.stringify({ entry, files }));
  return { entry, bytes, hash: sha256Hex(bytes) };
}

/** A TypeScript import names the compiled file (`./util.js`) or none (`./util`): find the source that exists. */
function resolveLocal(from: string, specifier: string): string | undefined {
  const base = resolve(from, specifier);
  const candidates = [base, base.replace(/\.(c|m)?js$/, '.$1ts'), `${base}.ts`, `${base}.js`, `${base}.mts`, join(base, 'index.ts'), join(base, 'index.js')];
  return candidates.find(isFile);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function nearestPackageJson(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const manifest = join(current, 'package.json');
    if (existsSync(manifest)) return manifest;
    if (dirname(current) === current) return undefined;
  }
}

function commonDir(paths: string[]): string {
  let root = dirname(paths[0]);
  while (!paths.every((path) => path.startsWith(root + sep))) root = dirname(root);
  return root;
}

/** The package this code belongs to (src/ or dist/ two levels down), which an extracted pipeline imports as `zenml`. */
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Extracts an archive into `<cacheDir>/<hash>` once (a finished folder is reused), with
 * `node_modules/zenml` linked to this package so the pipeline's `import ... from 'zenml'` works.
 * Returns the folder. The bytes are checked against the hash the snapshot recorded.
 */
export async function extractPipelineCode(bytes: Buffer, hash: string, cacheDir: string): Promise<string> {
  if (sha256Hex(bytes) !== hash) {
    throw new ZenError(`The code archive of this pipeline snapshot does not match its recorded hash ${hash.slice(0, 12)}.`, { hint: 'It was changed or damaged in the artifact store; create the snapshot again.' });
  }
  const target = join(cacheDir, hash);
  if (existsSync(join(target, '.complete'))) return target;
  const { files } = JSON.parse(gunzipSync(bytes).toString('utf8')) as { files: Record<string, string> };
  const temp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    for (const [path, content] of Object.entries(files)) {
      const destination = resolve(temp, path);
      if (!destination.startsWith(temp + sep)) throw new ZenError(`The code archive names a file outside its folder: ${path}.`);
      await mkdir(dirname(destination), { recursive: true });
      await writeFile(destination, Buffer.from(content, 'base64'));
    }
    await mkdir(join(temp, 'node_modules'), { recursive: true });
    await symlink(PACKAGE_ROOT, join(temp, 'node_modules', 'zenml'), 'dir');
    await writeFile(join(temp, '.complete'), '');
    // Another process may have extracted the same archive meanwhile: its folder is as good.
    await rename(temp, target).catch(async (error) => {
      if (!existsSync(join(target, '.complete'))) throw error;
    });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return target;
}
