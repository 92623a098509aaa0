// Builds the extension: esbuild bundles the editor side (CommonJS, `vscode` external) and the
// worker (ESM, run by the user's Node; it imports zenml at run time), then vsce packages the .vsix.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', sourcemap: false, absWorkingDir: here };
await Promise.all([
  build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.cjs', format: 'cjs', external: ['vscode'] }),
  build({ ...common, entryPoints: ['src/worker/main.ts'], outfile: 'dist/worker.mjs', format: 'esm', external: ['zenml'] }),
]);
if (!process.argv.includes('--no-package')) {
  const vsce = join(here, '..', 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', 'zenml-vscode-0.1.0.vsix'], { cwd: here, stdio: ['ignore', 'ignore', 'inherit'] });
}
