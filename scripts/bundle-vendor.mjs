#!/usr/bin/env node
// Replaces tsc's re-export stubs in dist/vendor/ with single-file bundles of the libraries,
// because loading hundreds of small ES modules dominates CLI start-up time on Node 20.
// Each library is bundled as CommonJS (dist/vendor/<name>.cjs) behind a small ES module face
// (dist/vendor/<name>.js) that loads it through src/core/code-cache.ts, so V8's compiled code
// is reused from one start to the next.
import { build } from 'esbuild';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cachedBundleText } from './lib/cached-bundle-format.mjs';
import { withCheapNames } from './lib/cheap-names.mjs';

const root = new URL('..', import.meta.url).pathname;

/**
 * Start-up costs inside oclif that do nothing for zenml, patched out of the bundle. Each patch
 * must apply: an oclif update that moves the code fails the build here instead of going slow.
 */
const PATCHES = [
  {
    // Matching the `oclif.plugins` names against every dependency built ~130 minimatch
    // patterns per start; a name without glob characters matches only itself.
    file: '@oclif/core/lib/config/plugin-loader.js',
    find: '(p) => patterns.some((w) => (0, minimatch_1.minimatch)(p, w))',
    // Every glob form needs one of these characters (extglobs `@(…)`, `+(…)` a parenthesis, a
    // negation a leading `!`): a scoped name's `@` alone is no glob.
    replace: '(p) => patterns.some((w) => (/[*?[\\]{}()]|^!/.test(w) ? (0, minimatch_1.minimatch)(p, w) : p === w))',
  },
  // Modules oclif requires at the top but uses only on paths zenml rarely takes: each loads on
  // first use instead of on every start.
  {
    // Used only for glob patterns in `oclif.plugins` (see above).
    file: '@oclif/core/lib/config/plugin-loader.js',
    find: 'const minimatch_1 = require("minimatch");',
    replace: 'const minimatch_1 = { get minimatch() { return require("minimatch").minimatch; } };',
  },
  {
    // Spinner frames, needed once a spinner is drawn.
    file: '@oclif/core/lib/ux/action/spinner.js',
    find: 'const cli_spinners_1 = __importDefault(require("cli-spinners"));',
    replace: 'const cli_spinners_1 = { get default() { return require("cli-spinners"); } };',
  },
  {
    // Reads oclif settings from rc files, only for a package.json without an `oclif` section.
    file: '@oclif/core/lib/util/read-pjson.js',
    find: 'const lilconfig_1 = require("lilconfig");',
    replace: 'const lilconfig_1 = { get lilconfig() { return require("lilconfig").lilconfig; } };',
  },
  {
    // Root help asked Config for its topic list (a fresh copy of every topic) once per topic:
    // quadratic in topics, ~5 ms of `zenml --help`. Taken once, the same filter.
    file: '@oclif/core/lib/help/index.js',
    find: 'return this.config.topics.filter((topic) => {',
    replace: 'const topics = this.config.topics;\n        const names = topics.map((t) => t.name).join("\\n");\n        return topics.filter((topic) => {',
  },
  {
    // …and asked every topic of every topic whether its name contains `<topic>:` (~240² tests
    // with a new string each): one search of all names joined by a newline, which no topic
    // name or `<topic>:` contains, gives the same answer.
    file: '@oclif/core/lib/help/index.js',
    find: 'const hasChild = this.config.topics.some((subTopic) => subTopic.name.includes(`${topic.name}:`));',
    replace: 'const hasChild = names.includes(`${topic.name}:`);',
  },
  {
    // Help passes every summary and description through ejs, which compiles each text into a
    // new function (no cache without a file name): most of `zenml --help`'s rendering time.
    // A text without an ejs tag renders as itself.
    file: '@oclif/core/lib/help/util.js',
    find: 'return ejs_1.default.render(t, context);',
    replace: "return t.includes('<%') ? ejs_1.default.render(t, context) : t;",
  },
  {
    // Performance markers, used only with OCLIF_PERFORMANCE (node:perf_hooks costs ~3 ms to load).
    file: '@oclif/core/lib/performance.js',
    find: 'const node_perf_hooks_1 = require("node:perf_hooks");',
    replace: 'const node_perf_hooks_1 = { get performance() { return require("node:perf_hooks").performance; }, get PerformanceObserver() { return require("node:perf_hooks").PerformanceObserver; } };',
  },
  {
    // The CLI's boot names a smaller manifest for starts that show no help (see
    // scripts/write-run-manifest.mjs and src/cli/boot.ts); plugins keep reading their own.
    file: '@oclif/core/lib/config/plugin.js',
    find: "const p = (0, node_path_1.join)(this.root, `${dotfile ? '.' : ''}oclif.manifest.json`);",
    replace: "const p = (this.isRoot && !dotfile && globalThis[Symbol.for('zenml.runManifest')]) || (0, node_path_1.join)(this.root, `${dotfile ? '.' : ''}oclif.manifest.json`);",
  },
  {
    // Globbing a commands directory, never done with a manifest.
    file: '@oclif/core/lib/config/plugin.js',
    find: 'const tinyglobby_1 = require("tinyglobby");',
    replace: 'const tinyglobby_1 = { get glob() { return require("tinyglobby").glob; } };',
  },
  {
    // Reading a flag's value from stdin (`--flag=-`).
    file: '@oclif/core/lib/parser/parse.js',
    find: 'const node_readline_1 = require("node:readline");',
    replace: 'const node_readline_1 = { get createInterface() { return require("node:readline").createInterface; } };',
  },
  {
    // oclif's debug output, printed only with DEBUG set: the debug package (and its tty and
    // colour detection) loads when a message is to be printed.
    file: '@oclif/core/lib/logger.js',
    find: 'const debug_1 = __importDefault(require("debug"));',
    replace:
      'const debug_1 = { default: (namespace) => { let real; return (...args) => { if (process.env.DEBUG) (real ??= require("debug")(namespace))(...args); }; } };',
  },
  {
    // Config.load asks for the platform (for the user agent): wsl-utils answered it, loading
    // node:child_process and PowerShell helpers on every start. is-wsl is the answer it gives.
    file: '@oclif/core/lib/util/os.js',
    find: "return (await import('wsl-utils')).isWsl ? 'wsl' : (0, node_os_1.platform)();",
    replace: "return (await import('is-wsl')).default ? 'wsl' : (0, node_os_1.platform)();",
  },
  {
    // Used only to ask Windows for the parent shell (autocomplete).
    file: '@oclif/core/lib/util/os.js',
    find: 'const node_child_process_1 = require("node:child_process");',
    replace: 'const node_child_process_1 = { get execSync() { return require("node:child_process").execSync; } };',
  },
  {
    // Each plugin's folder was found with require.resolve (resolving its main file through
    // package.json exports, ~1 ms a plugin) and walking up from there. The folder Node's lookup
    // would find first (node_modules/<name> here or in a parent, its real path, as
    // require.resolve gives) is taken directly; anything else goes the original way.
    file: '@oclif/core/lib/util/find-root.js',
    find: "        debug(name)(`Finding root using ${root}`);\n",
    replace:
      "        debug(name)(`Finding root using ${root}`);\n" +
      "        for (const next of up(root)) {\n" +
      "            const candidate = (0, node_path_1.join)(next, 'node_modules', name);\n" +
      "            if (require('node:fs').existsSync((0, node_path_1.join)(candidate, 'package.json'))) return require('node:fs').realpathSync.native(candidate);\n" +
      "        }\n",
  },
  {
    // Config.load reads each plugin's package.json and manifest (two files a plugin, 8 plugins)
    // through fs/promises' readFile: an open, a stat, reads and a close, each a trip through
    // the thread pool and back. These are small local files; one synchronous read each is
    // several times cheaper, and a missing file still rejects as before.
    file: '@oclif/core/lib/util/fs.js',
    find: "const contents = await (0, promises_1.readFile)(path, 'utf8');",
    replace: "const contents = (0, node_fs_1.readFileSync)(path, 'utf8');",
  },
  {
    // Each plugin's commands were sorted with localeCompare, whose first call builds ICU's
    // collator (~15 ms of every start). Command ids are lowercase letters, digits, `-`, `_`
    // and `:`, which the root collation (and English, which does not tailor it) orders by
    // these ranks, character by character: the same order without ICU. Any other id, or
    // another collation locale, still goes through localeCompare.
    file: '@oclif/core/lib/config/plugin.js',
    find: '.sort((a, b) => a.id.localeCompare(b.id));',
    replace: `.sort((() => {
            const ranks = '_-:0123456789abcdefghijklmnopqrstuvwxyz';
            const locale = process.env.LC_ALL || process.env.LC_COLLATE || process.env.LANG || '';
            const plain = /^(C|POSIX|en)?([._@-]|$)/.test(locale);
            const simple = (id) => /^[a-z0-9:_-]*$/.test(id);
            return (a, b) => {
                if (!plain || !simple(a.id) || !simple(b.id)) return a.id.localeCompare(b.id);
                const length = Math.min(a.id.length, b.id.length);
                for (let i = 0; i < length; i++) {
                    const difference = ranks.indexOf(a.id[i]) - ranks.indexOf(b.id[i]);
                    if (difference !== 0) return difference < 0 ? -1 : 1;
                }
                return a.id.length === b.id.length ? 0 : a.id.length < b.id.length ? -1 : 1;
            };
        })());`,
  },
  {
    // oclif checks Node against its own package.json's engines, which the bundle does not
    // carry: the check loaded semver and failed a require() on every start (zenml's own
    // package.json states the engines npm checks).
    file: '@oclif/core/lib/index.js',
    find: "if (process.env.OCLIF_DISABLE_ENGINE_WARNING && (0, util_1.isTruthy)(process.env.OCLIF_DISABLE_ENGINE_WARNING))\n        return;",
    replace: 'return;',
  },
  // node:fs/promises loads readline, watchers and stream helpers (~2 ms): these modules call it
  // only on paths a start from a manifest does not take (a stat of a flag's file, TypeScript
  // sources of a linked plugin), so it loads on the first call instead.
  ...['@oclif/core/lib/util/fs.js', '@oclif/core/lib/config/ts-path.js', '@oclif/core/lib/util/read-tsconfig.js'].map((file) => ({
    file,
    find: 'const promises_1 = require("node:fs/promises");',
    replace: 'const promises_1 = new Proxy({}, { get: (_face, key) => require("node:fs/promises")[key] });',
  })),
];

const patchPlugin = {
  name: 'zenml-vendor-patches',
  setup(build) {
    // One handler per file (esbuild runs only the first onLoad that answers), applying all its patches.
    for (const file of new Set(PATCHES.map((patch) => patch.file))) {
      const patches = PATCHES.filter((patch) => patch.file === file);
      const filter = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
      build.onLoad({ filter }, (args) => {
        let source = readFileSync(args.path, 'utf8');
        for (const patch of patches) {
          if (!source.includes(patch.find)) throw new Error(`vendor patch for ${patch.file} no longer applies: update scripts/bundle-vendor.mjs`);
          patch.applied = true;
          source = source.replace(patch.find, patch.replace);
        }
        return { contents: source, loader: 'js' };
      });
    }
  },
};
const outdir = join(root, 'dist', 'vendor');
const names = readdirSync(join(root, 'src', 'vendor')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
await build({
  entryPoints: names.map((name) => join(root, 'src', 'vendor', `${name}.ts`)),
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Smaller source reads and parses faster; these bundles are read on every start-up.
  // Identifiers keep their names (~35 % more text): then almost none of the names keepNames
  // guards needs redefining, which cost more than the text (scripts/lib/cheap-names.mjs).
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  allowOverwrite: true,
  logLevel: 'warning',
  // oclif requires TypeScript only to run commands from .ts sources in development (never here).
  // better-sqlite3 finds its addon through bindings only when no addon path is given
  // (src/vendor/better-sqlite3.ts): loaded then, from the package's own folder.
  external: ['typescript', 'ts-node', 'bindings'],
  // src/vendor/better-sqlite3.ts reads import.meta.url only where __filename is missing (tsx).
  logOverride: { 'empty-import-meta': 'silent' },
  plugins: [patchPlugin],
});
for (const patch of PATCHES) if (!patch.applied) throw new Error(`vendor patch for ${patch.file} found no such file: update scripts/bundle-vendor.mjs`);

const require = createRequire(import.meta.url);
for (const name of names) {
  // Code V8 compiles from a cache cannot call import() on Node 20 (no callback reaches it), so
  // the bundles' import() calls go through a function code-cache.ts passes in (always absolute URLs).
  const bundleFile = join(outdir, `${name}.cjs`);
  writeFileSync(bundleFile, withCheapNames(readFileSync(bundleFile, 'utf8'), bundleFile).replace(/(?<![\w$."'`])import\(/g, '__zenmlImport('));
  const exported = Object.keys(require(join(outdir, `${name}.cjs`))).filter((key) => key !== '__esModule');
  // Only the code cache loader runs it from now on (the exports above were its last require()).
  writeFileSync(bundleFile, cachedBundleText(readFileSync(bundleFile, 'utf8')));
  const named = exported.filter((key) => key !== 'default');
  const lines = [
    `// Generated by scripts/bundle-vendor.mjs: the ES module face of ${name}.cjs (see src/core/code-cache.ts).`,
    "import { fileURLToPath } from 'node:url';",
    "import { loadCachedBundle } from '../core/code-cache.js';",
    `const bundle = loadCachedBundle(fileURLToPath(new URL('./${name}.cjs', import.meta.url)));`,
    ...(named.length > 0 ? [`export const { ${named.join(', ')} } = bundle;`] : []),
    ...(exported.includes('default') ? ['export default bundle.default;'] : []),
  ];
  writeFileSync(join(outdir, `${name}.js`), `${lines.join('\n')}\n`);
}
