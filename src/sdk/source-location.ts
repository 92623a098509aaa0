import { findSourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { singleSourceOf } from '../core/compiled-sources.js';

const OWN_FILE = fileURLToPath(import.meta.url);
const OWN_ROOT = OWN_FILE.slice(0, OWN_FILE.lastIndexOf('/sdk/'));
// With source maps on (tsx enables them), frames of dist/*.js may show as src/*.ts: skip both.
const PACKAGE_ROOT = OWN_ROOT.slice(0, OWN_ROOT.lastIndexOf('/'));
const OWN_ROOTS = [OWN_ROOT, `${PACKAGE_ROOT}/src`, `${PACKAGE_ROOT}/dist`].map((root) => `${root}/`);

interface Frame {
  file: string;
  line: number;
  column: number;
}

/**
 * The frames of the current stack as V8 has them (generated files and positions), without
 * formatting the stack: with source maps on, a formatted stack maps every frame, and so
 * parses the source map of every one of our files on it; callerFile maps only the one it returns.
 */
function rawFrames(): Frame[] {
  const previous = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, sites) =>
      sites.map((site) => ({ file: site.getFileName() ?? '', line: site.getLineNumber() ?? 0, column: site.getColumnNumber() ?? 0 }));
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, rawFrames);
    return Array.isArray(holder.stack) ? (holder.stack as Frame[]) : [];
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/** A frame's file as a formatted stack names it: the original source when a registered source map covers the position. */
function originalFile(frame: Frame, generated: string): string {
  const single = singleSourceOf(generated);
  if (single !== undefined) return single;
  const entry = findSourceMap(frame.file)?.findEntry(frame.line - 1, frame.column - 1) as { originalSource?: string } | undefined;
  return entry?.originalSource ?? frame.file;
}

/** An absolute path (or file:// URL) as a path; anything else (node:internal, eval, native) is no file of a user's. */
function asPath(file: string): string | undefined {
  if (file.startsWith('file://')) return fileURLToPath(file);
  return file.startsWith('/') ? file : undefined;
}

/** The file that called into the SDK (first stack frame outside this package), for re-importing it in other processes. */
export function callerFile(): string | undefined {
  // The frames a formatted `new Error().stack` would show from here (Error.stackTraceLimit of them).
  for (const frame of rawFrames()) {
    const generated = asPath(frame.file);
    if (generated === undefined || isOwnOrPackage(generated)) continue;
    const file = asPath(originalFile(frame, generated));
    if (file === undefined || isOwnOrPackage(file)) continue;
    return file;
  }
  return undefined;
}

function isOwnOrPackage(file: string): boolean {
  return OWN_ROOTS.some((root) => file.startsWith(root)) || file.includes('/node_modules/');
}
