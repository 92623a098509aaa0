import { fileURLToPath } from 'node:url';

const OWN_FILE = fileURLToPath(import.meta.url);
const OWN_ROOT = OWN_FILE.slice(0, OWN_FILE.lastIndexOf('/sdk/'));
// With source maps on (tsx enables them), frames of dist/*.js show as src/*.ts: skip both.
const PACKAGE_ROOT = OWN_ROOT.slice(0, OWN_ROOT.lastIndexOf('/'));
const OWN_ROOTS = [OWN_ROOT, `${PACKAGE_ROOT}/src`, `${PACKAGE_ROOT}/dist`].map((root) => `${root}/`);

/** The file that called into the SDK (first stack frame outside this package), for re-importing it in other processes. */
export function callerFile(): string | undefined {
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  for (const frame of stack) {
    // The location is the whole frame after `at ` or inside `(...)`; Node's own frames
    // (`node:internal/...`) and eval frames never match because they do not start with / or file://.
    const match = /(?:^at |\()((?:file:\/\/)?\/[^():]+):\d+:\d+\)?$/.exec(frame.trim());
    if (!match) continue;
    const file = match[1].startsWith('file://') ? fileURLToPath(match[1]) : match[1];
    if (OWN_ROOTS.some((root) => file.startsWith(root)) || file.includes('/node_modules/')) continue;
    return file;
  }
  return undefined;
}
