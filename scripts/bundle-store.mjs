#!/usr/bin/env node
// Replaces tsc's dist/store/sql/ entry files (the ones open-store.ts imports) with ES module
// bundles of the SQL store: sql-zen-store.ts alone pulled in ~25 small modules on every start
// of a store-opening command (`stack list`), each resolved, read, compiled and linked by Node's
// ES module loader. Everything outside src/store/sql/ (core, config, vendor, the migrations)
// stays an import of the module tsc built, so those keep one instance per process; the store's
// own modules shared between the entries go into chunks beside them, so they keep one too.
// Chunks sit in dist/store/sql/ itself: import.meta.url-relative paths (the migrations folder)
// and the kept relative imports resolve exactly as they did from the files tsc wrote.
import { build } from 'esbuild';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const storeSource = join(root, 'src', 'store', 'sql');
const storeDist = join(root, 'dist', 'store', 'sql');
/** What modules outside the store import at run time (src/store/open-store.ts, the migrations). */
const STORE_ENTRIES = ['sql-zen-store', 'database', 'postgres', 'dialect'];
const CHUNK_PREFIX = 'store-chunk-';

/** Keeps every import that leaves src/store/sql/ (or enters its migrations) as written. */
const keepOutsideImports = {
  name: 'zenml-store-externals',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (!args.path.startsWith('.')) return { path: args.path, external: true };
      const target = resolve(dirname(args.importer), args.path);
      const inside = dirname(target) === storeSource;
      if (inside) return undefined;
      if (dirname(args.importer) !== storeSource) throw new Error(`${relative(root, args.importer)}: bundled store modules must sit in src/store/sql/ itself`);
      return { path: args.path, external: true };
    });
  },
};

for (const old of readdirSync(storeDist)) if (old.startsWith(CHUNK_PREFIX)) rmSync(join(storeDist, old));
const result = await build({
  entryPoints: STORE_ENTRIES.map((name) => join(storeSource, `${name}.ts`)),
  outdir: storeDist,
  entryNames: '[name]',
  chunkNames: `${CHUNK_PREFIX}[hash]`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  allowOverwrite: true,
  metafile: true,
  absWorkingDir: root,
  logLevel: 'warning',
  plugins: [keepOutsideImports],
});

// A module outside the store that imported one of the bundled files directly would get a
// second instance of it (and of its state, e.g. the in-process write turns): refuse the build.
const bundled = new Set(
  Object.keys(result.metafile.inputs)
    .map((input) => resolve(root, input))
    .filter((file) => dirname(file) === storeSource && !STORE_ENTRIES.some((name) => file === join(storeSource, `${name}.ts`)))
    .map((file) => join(storeDist, `${file.slice(storeSource.length + 1).replace(/\.ts$/, '.js')}`)),
);
const importPattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
function jsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsFiles(path);
    return name.endsWith('.js') ? [path] : [];
  });
}
const offenders = [];
for (const file of jsFiles(join(root, 'dist'))) {
  if (dirname(file) === storeDist || file.includes(`${sep}vendor${sep}`)) continue;
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(importPattern)) {
    if (bundled.has(resolve(dirname(file), specifier))) offenders.push(`${relative(root, file)} imports ${specifier}`);
  }
}
if (offenders.length > 0) {
  throw new Error(`These modules import a store module that is bundled into ${STORE_ENTRIES.join('/')}.js (scripts/bundle-store.mjs): import one of those entries instead, or add the module to STORE_ENTRIES.\n${offenders.join('\n')}`);
}
// tsc's copies of the bundled modules would only ever load as second instances: gone, so a
// stray import fails loudly. Their .d.ts files stay for the types; tsc's source maps of the
// entries no longer match them.
for (const file of bundled) for (const path of [file, `${file}.map`]) rmSync(path, { force: true });
for (const name of STORE_ENTRIES) rmSync(join(storeDist, `${name}.js.map`), { force: true });
