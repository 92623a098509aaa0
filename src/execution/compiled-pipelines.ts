// Importing a TypeScript pipeline file through tsx costs a good part of a second on Node 20:
// tsx's loader hooks run in a worker thread that every later import of the process goes
// through. Instead, the file and the local modules it imports are compiled once into one ES
// module (esbuild, with tsx's own transform options so a step's code, and so its cache key,
// reads the same; in CommonJS scope tsx reads an imported local binding as `import_x.name`
// where the bundle reads `name`, so such a step keys differently under the two) and kept in the config dir, keyed by the content of every file that went
// in. A later run only hashes those files and imports the result: no tsx, no esbuild.
import { sha256Hex } from '../core/sha256.js';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configDir } from '../config/paths.js';
import { recordSingleSourceModule } from '../core/compiled-sources.js';
import { writeFileAtomically } from '../core/atomic-file.js';

/** Bumped whenever what this file writes changes, so older entries are never read. */
const FORMAT = 3;
const TYPESCRIPT = /\.(c|m)?tsx?$/;
/** `import.meta` properties a compiled module gets with its source file's values (the bundle's own would name the cache). */
const IMPORT_META_PROPERTIES = /\bimport\.meta\.(url|dirname|filename)\b/g;

interface Manifest {
  format: number;
  /** Every local file bundled in, with the sha256 of its bytes, and the tsconfig files that shaped the compile. */
  inputs: Array<[path: string, sha256: string]>;
  /** Name of the compiled module beside the manifest, and its sha256 (a damaged file is compiled again). */
  output: string;
  outputHash: string;
}

/** $ZENML_CONFIG_DIR/compiled-pipelines: one manifest per source file, one module per compiled content. */
export function compiledPipelinesDir(): string {
  return join(configDir(), 'compiled-pipelines');
}

function sha256(bytes: Buffer | string): string {
  return sha256Hex(bytes);
}

/** How the file is loaded: as an ES module, or (a .cts file, or no "type": "module" above it) as CommonJS, as tsx would. */
export type ModuleScope = 'esm' | 'cjs';

const EXTENSION: Record<ModuleScope, string> = { esm: 'mjs', cjs: 'cjs' };

function manifestPath(file: string, scope: ModuleScope): string {
  return join(compiledPipelinesDir(), `${sha256(`${FORMAT}\0${scope}\0${file}\0${process.version}`).slice(0, 32)}.json`);
}

/** tsconfig.json files from the file's folder up to the root: esbuild reads the nearest (and what it extends). */
function tsconfigFiles(file: string): string[] {
  const found: string[] = [];
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    found.push(join(dir, 'tsconfig.json'));
    if (dirname(dir) === dir) return found;
  }
}

function hashOrMissing(path: string): string {
  try {
    return sha256(readFileSync(path));
  } catch {
    return 'missing';
  }
}

/** The file's output recorded for files left to tsx: no module, and nothing to compile again until an input changes. */
const LEFT_TO_TSX = 'tsx';

/** The compiled module of `file` when the cache holds one for its current content (and that of everything bundled with it), or LEFT_TO_TSX. */
function cachedModule(file: string, scope: ModuleScope): string | undefined {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath(file, scope), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  if (manifest.format !== FORMAT || !Array.isArray(manifest.inputs) || typeof manifest.output !== 'string') return undefined;
  for (const [path, hash] of manifest.inputs) if (hashOrMissing(path) !== hash) return undefined;
  if (manifest.output === '' && manifest.outputHash === LEFT_TO_TSX) return LEFT_TO_TSX;
  const output = join(compiledPipelinesDir(), manifest.output);
  if (hashOrMissing(output) !== manifest.outputHash) return undefined;
  noteSingleSource(output, manifest.inputs);
  return output;
}

/** A module compiled from one local file: the file that declared a step in it is known without its source map (see core/compiled-sources.ts). */
function noteSingleSource(output: string, inputs: Manifest['inputs']): void {
  const sources = inputs.filter(([path]) => basename(path) !== 'tsconfig.json');
  if (sources.length === 1) recordSingleSourceModule(output, sources[0][0]);
}

type Esbuild = typeof import('esbuild');

/** esbuild as tsx (a dependency) has it: the same compiler tsx would have used. */
async function loadEsbuild(): Promise<Esbuild> {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  return (await import(pathToFileURL(fromTsx.resolve('esbuild')).href)) as Esbuild;
}

/** Why a file is left to tsx: what a bundle in another folder could not reproduce. */
function unsupportedIn(source: string): string | undefined {
  if (/\bimport\.meta\b/.test(source.replace(IMPORT_META_PROPERTIES, ''))) return 'import.meta';
  // A computed import() would be resolved from the cache's folder, not the file's.
  if (/\bimport\s*\(\s*(?!['"][^'"`$]*['"]\s*[,)])/.test(source)) return 'computed import()';
  if (/\b(require\s*\(|__dirname|__filename)/.test(source)) return 'CommonJS';
  return undefined;
}

/**
 * Compiles `file` with its local imports into one module: packages stay imports (of the file
 * they resolve to, since the module lives elsewhere), and source maps point stack traces at
 * the .ts lines. Undefined when the file uses something only tsx handles.
 */
async function compile(file: string, scope: ModuleScope): Promise<string | undefined> {
  const esbuild = await loadEsbuild();
  const inputs = new Map<string, string>();
  let unsupported = false;
  const result = await esbuild.build({
    entryPoints: [file],
    absWorkingDir: dirname(file),
    bundle: true,
    write: false,
    format: scope,
    platform: 'node',
    // tsx's transform options: a step's function text (part of its cache key) stays the same.
    target: `node${process.versions.node}`,
    keepNames: true,
    minifyWhitespace: true,
    sourcemap: 'external',
    sourcesContent: false,
    outfile: join(compiledPipelinesDir(), `out.${EXTENSION[scope]}`),
    logLevel: 'silent',
    plugins: [
      {
        name: 'zenml-pipeline-file',
        setup(build) {
          // Bare specifiers (packages, node: builtins): imported at run time from where they resolve now.
          build.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (args.pluginData === 'resolving' || args.kind === 'entry-point') return undefined;
            if (args.path.startsWith('node:')) return { path: args.path, external: true };
            // CommonJS output requires its packages: resolved with the "require" condition, as Node will.
            const kind = scope === 'cjs' && args.kind === 'import-statement' ? 'require-call' : args.kind;
            const resolved = await build.resolve(args.path, { kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
            if (resolved.errors.length > 0) return { errors: resolved.errors };
            if (resolved.external || !resolved.path || resolved.path.includes('/node_modules/') || !TYPESCRIPT.test(resolved.path)) {
              const absolute = resolved.path && resolve(resolved.path) === resolved.path;
              return { path: absolute ? (scope === 'cjs' ? resolved.path : pathToFileURL(resolved.path).href) : args.path, external: true };
            }
            // A tsconfig `paths` alias of a local TypeScript file: bundled like a relative import.
            return { path: resolved.path };
          });
          build.onLoad({ filter: /\.(c|m)?[jt]sx?$/ }, (args) => {
            const source = readFileSync(args.path, 'utf8');
            inputs.set(args.path, sha256(source));
            if (unsupportedIn(source)) unsupported = true;
            const url = pathToFileURL(args.path).href;
            const contents = source.replace(IMPORT_META_PROPERTIES, (_, property: string) => JSON.stringify(property === 'url' ? url : property === 'dirname' ? dirname(args.path) : args.path));
            const extension = /\.(?:c|m)?([jt]sx?)$/.exec(args.path)![1] as 'js' | 'jsx' | 'ts' | 'tsx';
            return { contents, loader: extension };
          });
        },
      },
    ],
  });
  const inputList = [...[...inputs].sort(), ...tsconfigFiles(file).map((path): [string, string] => [path, hashOrMissing(path)])];
  if (unsupported) {
    writeManifest(file, scope, { format: FORMAT, inputs: inputList, output: '', outputHash: LEFT_TO_TSX });
    return undefined;
  }
  const code = result.outputFiles.find((output) => output.path.endsWith(`.${EXTENSION[scope]}`))!.text;
  const map = JSON.parse(result.outputFiles.find((output) => output.path.endsWith('.map'))!.text) as { sources: string[] };
  // Absolute sources: the frames of a stack trace name the files the user wrote, wherever the cache is.
  map.sources = map.sources.map((source) => pathToFileURL(resolve(compiledPipelinesDir(), source)).href);
  const module = `${code.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n')}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
  const outputHash = sha256(module);
  const output = `${outputHash.slice(0, 32)}.${EXTENSION[scope]}`;
  const dir = compiledPipelinesDir();
  mkdirSync(dir, { recursive: true });
  writeFileAtomically(join(dir, output), module);
  writeManifest(file, scope, { format: FORMAT, inputs: inputList, output, outputHash });
  noteSingleSource(join(dir, output), inputList);
  return join(dir, output);
}

function writeManifest(file: string, scope: ModuleScope, manifest: Manifest): void {
  const dir = compiledPipelinesDir();
  mkdirSync(dir, { recursive: true });
  const previous = readPreviousOutput(file, scope);
  writeFileAtomically(manifestPath(file, scope), JSON.stringify(manifest));
  // The module this file compiled to before is read by no manifest now.
  if (previous && previous !== manifest.output) rmSync(join(dir, previous), { force: true });
}

function readPreviousOutput(file: string, scope: ModuleScope): string | undefined {
  try {
    const output = (JSON.parse(readFileSync(manifestPath(file, scope), 'utf8')) as Partial<Manifest>).output;
    return typeof output === 'string' && /^[0-9a-f]{32}\.[mc]js$/.test(output) ? output : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The URL of a module equivalent to the TypeScript file `file` (absolute; an ES module, or
 * CommonJS for `scope` cjs), compiled now or taken from the cache; undefined when the file is left to tsx (it
 * uses what a relocated module cannot do, or esbuild refused it: tsx then reports the error
 * as it always has). ZENML_NO_COMPILE_CACHE=1 turns the cache off.
 */
export async function compiledPipelineModule(file: string, scope: ModuleScope = 'esm'): Promise<string | undefined> {
  if (process.env.ZENML_NO_COMPILE_CACHE === '1') return undefined;
  let output = cachedModule(file, scope);
  if (output === LEFT_TO_TSX) return undefined;
  if (!output) {
    try {
      output = await compile(file, scope);
    } catch {
      output = undefined;
    }
  }
  if (!output) return undefined;
  // As tsx does: stack traces through the module name the .ts lines (callerFile() relies on it too).
  process.setSourceMapsEnabled(true);
  return pathToFileURL(output).href;
}

/** Test hook: the compiled modules currently kept (names only). */
export function compiledPipelineEntries(): string[] {
  try {
    return readdirSync(compiledPipelinesDir()).filter((name) => /\.[mc]js$/.test(name));
  } catch {
    return [];
  }
}
