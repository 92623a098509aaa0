// The last step of scripts/bundle-lib.mjs: the library's ES module bundles become CommonJS
// bundles in dist/cjs/, which src/core/library-modules.ts runs through V8's code cache (Node 20
// has no compile cache for ES modules: compiling the ~1 MB of chunks was the largest part of a
// command's start, and of every step process's). Each entry (dist/index.js, the commands, …)
// stays where it was as a small ES module face that takes its exports from its bundle; the
// chunks exist only as CommonJS. The bundles keep the ES module build's structure (dist/x.js is
// dist/cjs/x.cjs), and so its one instance of each module per process.
import { transform } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { cachedBundleText } from './lib/cached-bundle-format.mjs';
import { withCheapNames } from './lib/cheap-names.mjs';

const posix = (path) => path.split(sep).join('/');
const relativeSpecifier = (fromDir, target) => {
  const path = posix(relative(fromDir, target));
  return path.startsWith('.') ? path : `./${path}`;
};

/**
 * Converts every `.js` output of the library build (absolute paths, `entries` among them with
 * their export names) to CommonJS in dist/cjs/, writes a face in each entry's place and removes
 * the ES module chunks.
 */
export async function convertLibraryToCommonJs({ dist, outputs, entryExports, generatedMark }) {
  const cjsRoot = join(dist, 'cjs');
  rmSync(cjsRoot, { recursive: true, force: true });
  const isOutput = new Set(outputs);
  const bundleOf = (file) => join(cjsRoot, `${relative(dist, file).replace(/\.js$/, '')}.cjs`);
  const loader = join(cjsRoot, 'loader.cjs');

  for (const file of outputs) {
    const bundle = bundleOf(file);
    const from = dirname(file);
    const to = dirname(bundle);
    const source = withCheapNames(readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'), file);
    const { code } = await transform(source, {
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // import.meta.url keeps naming the ES module file (paths built from it stay the same).
      define: { 'import.meta.url': '__zenmlModuleUrl' },
      banner: `var __zenmlModuleUrl = require("node:url").pathToFileURL(require("node:path").join(__dirname, ${JSON.stringify(relativeSpecifier(to, file))})).href;`,
      // Every start reads the bundles it loads whole (V8 needs the text even with a cached
      // compile): without indentation and with shorter syntax they are about a third smaller.
      // Names stay, so stack traces and error names read as before.
      minifyWhitespace: true,
      minifySyntax: true,
      logLevel: 'warning',
    });
    // A relative path to one of the outputs names its bundle; any other is re-based on the
    // bundle's folder. A relative import() becomes a require() (no module loader behind it).
    const retarget = (specifier) => {
      const target = resolve(from, specifier);
      return relativeSpecifier(to, isOutput.has(target) ? bundleOf(target) : target);
    };
    const linked = code
      .replace(/\brequire\("(\.{1,2}\/[^"]+)"\)/g, (_call, specifier) => `require(${JSON.stringify(retarget(specifier))})`)
      .replace(/\bimport\("(\.{1,2}\/[^"]+)"\)/g, (_call, specifier) => {
        if (!isOutput.has(resolve(from, specifier))) throw new Error(`lib-to-cjs: ${relative(dist, file)} imports ${specifier}, which the build did not write`);
        return `Promise.resolve().then(() => require(${JSON.stringify(retarget(specifier))}))`;
      })
      // Code V8 compiles from a cache cannot call import() on Node 20: the loader passes a
      // function in (library-modules.ts), as it does for the vendor bundles.
      .replace(/(?<![\w$."'`])import\(/g, '__zenmlImport(')
      // esbuild escapes strings but keeps some comments as written: one character beyond
      // Latin-1 makes V8 hold the whole bundle as a two-byte string, twice as slow to read.
      .replace(/[^\x00-\xff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const names = entryExports.get(file);
    mkdirSync(to, { recursive: true });
    writeFileSync(bundle, names === undefined ? cachedBundleText(linked) : cachedBundleText(linked, requiredByNode(relativeSpecifier(to, loader))));
    rmSync(`${file}.map`, { force: true });
    if (names === undefined) {
      rmSync(file);
      continue;
    }
    const firstLine = source.split('\n', 1)[0];
    writeFileSync(file, face({ names, header: firstLine.startsWith(generatedMark) ? firstLine : undefined, loader: relativeSpecifier(from, loader), bundle: relativeSpecifier(from, bundle), bundlePath: posix(relative(dist, bundle)) }));
  }
}

/**
 * An entry's bundle may also be require()d by Node itself: oclif loads commands and hooks from
 * the paths in its manifest, which name the bundles (scripts/manifest-bundle-paths.mjs), so a
 * command starts without Node's ES module loader. Node's copy then hands over to the loader's
 * (the one instance, from the code cache). In the loader's own run this line is at the top
 * level of a script, where neither `module` nor __zenmlImport is defined: it does nothing.
 */
function requiredByNode(loader) {
  return `if (typeof module === "object" && typeof __zenmlImport === "undefined") module.exports = require(${JSON.stringify(loader)}).loadLibraryModule(require("node:url").pathToFileURL(__filename));`;
}

function face({ names, header, loader, bundle, bundlePath }) {
  const lines = [
    ...(header ? [header] : []),
    `// The ES module face of ${bundlePath} (scripts/lib-to-cjs.mjs, src/core/library-modules.ts).`,
    "import { createRequire } from 'node:module';",
    `const library = createRequire(import.meta.url)(${JSON.stringify(loader)}).loadLibraryModule(new URL(${JSON.stringify(bundle)}, import.meta.url));`,
  ];
  names.forEach((name, index) => lines.push(`const e${index} = library[${JSON.stringify(name)}];`));
  if (names.length > 0) lines.push(`export { ${names.map((name, index) => `e${index} as ${name}`).join(', ')} };`);
  return `${lines.join('\n')}\n`;
}
