import { spawnSync } from 'node:child_process';
import { relative, resolve } from 'node:path';
import { errorMessage } from '../core/errors.js';

/**
 * Why importing a pipeline file failed, in one line that points at the code: esbuild (through
 * tsx) reports "Transform failed with 1 error" on the first line and the place only on the
 * next, and Node's SyntaxError for an ES module carries no place at all.
 */
export function describeImportFailure(error: unknown, path: string, shownAs: string): string {
  const message = errorMessage(error);
  const shown = (file: string) => (resolve(file) === resolve(path) ? shownAs : relative(process.cwd(), file) || file);
  // esbuild's `file:line:column: ERROR: text`, the column counted from 0.
  const transform = /^(.+?):(\d+):(\d+): ERROR: (.+)$/m.exec(message);
  if (transform) return `syntax error at ${shown(transform[1])}:${transform[2]}:${Number(transform[3]) + 1}: ${transform[4]}`;
  if (error instanceof SyntaxError) {
    const place = placeInStack(error) ?? placeFromCheck(path);
    if (place) return `syntax error at ${shown(place.file)}:${place.line}: ${message.split('\n')[0]}`;
  }
  return message.split('\n')[0];
}

/** CommonJS puts `file:line` on the first line of a SyntaxError's stack. */
function placeInStack(error: SyntaxError): { file: string; line: string } | undefined {
  const match = /^(\/.+|[A-Za-z]:\\.+):(\d+)$/.exec(error.stack?.split('\n')[0] ?? '');
  return match ? { file: match[1], line: match[2] } : undefined;
}

/** An ES module's SyntaxError does not say where: `node --check` does (only on this failure path). */
function placeFromCheck(path: string): { file: string; line: string } | undefined {
  const check = spawnSync(process.execPath, ['--check', path], { encoding: 'utf8', timeout: 10_000 });
  const match = /^(.+):(\d+)$/m.exec(check.stderr ?? '');
  return match ? { file: match[1], line: match[2] } : undefined;
}
