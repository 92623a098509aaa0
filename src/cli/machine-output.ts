/**
 * In machine-output mode (`--json`) stdout must carry exactly one document. While the
 * command works, anything else written to stdout (a step's console.log, npm's notices
 * during `plugins install`, a worker thread's output) goes to stderr instead. Returns the
 * function that puts stdout back, for the document itself.
 */
export function routeStdoutToStderr(): () => void {
  const stdout = process.stdout;
  const hadOwn = Object.hasOwn(stdout, 'write');
  const original = stdout.write;
  stdout.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) =>
    (process.stderr.write as (...args: unknown[]) => boolean)(chunk, encoding, callback)) as typeof stdout.write;
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (hadOwn) stdout.write = original;
    else delete (stdout as { write?: unknown }).write;
  };
}
