// The build stamp: `npm run build` writes it last, so its time is when dist/ (and every
// plugin's dist/) was last built completely. The test runner compares it with the sources:
// CLI tests run the compiled dist/, and must never pass against old compiled code.
import { readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export const STAMP = join('dist', '.build-stamp');

/** The folders whose files are compiled into dist/ or plugins/<name>/dist/. */
function sourceRoots(root) {
  let plugins = [];
  try {
    plugins = readdirSync(join(root, 'plugins')).map((name) => join('plugins', name, 'src'));
  } catch {
    // A tree without plugins has only src/.
  }
  return ['src', ...plugins];
}

/** The most recently modified file under `dir` (relative to root), or undefined for an empty or missing folder. */
function newestFile(root, dir) {
  let newest;
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const candidate = entry.isDirectory() ? newestFile(root, path) : { path, mtimeMs: statSync(join(root, path)).mtimeMs };
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest;
}

/** Why the compiled output cannot be trusted (one line), or undefined when it is newer than every source file. */
export function staleBuildProblem(root) {
  let stampMs;
  try {
    stampMs = statSync(join(root, STAMP)).mtimeMs;
  } catch {
    return 'dist/ has no build stamp (never built, or built before stamps existed): run `npm run build` first.';
  }
  for (const dir of sourceRoots(root)) {
    const newest = newestFile(root, dir);
    if (newest && newest.mtimeMs > stampMs) {
      return `dist/ is older than ${relative(root, join(root, newest.path))}: run \`npm run build\` first (the CLI tests run the compiled dist/).`;
    }
  }
  return undefined;
}

/** Written as the last step of `npm run build`. */
export function writeBuildStamp(root) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, STAMP), `${new Date().toISOString()}\n`);
}
