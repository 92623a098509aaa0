// One module of src/ and what it imports as a single CommonJS file (the CLI's boot, the
// library's loader): what Node's require() loads without its ES module loader.
import { build } from 'esbuild';

/** Bundles `entry` into `outfile`; its `import.meta.url` names `outfile`, where the code now runs. */
export async function buildCommonJsFile(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    define: { 'import.meta.url': '__zenmlFileUrl' },
    banner: { js: "const __zenmlFileUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
}
