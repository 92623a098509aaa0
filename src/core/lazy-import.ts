/**
 * A module imported on its first use, then kept. Modules that a command may not need are
 * imported where they are used, but `import()` of a module already loaded still goes through
 * the module loader on every call (and through any loader hooks, such as tsx's, which post to
 * a worker thread): on a path taken per request or per read, that cost more than the work.
 */
export function lazyImport<T>(load: () => Promise<T>): () => Promise<T> {
  let module: Promise<T> | undefined;
  return () => (module ??= load());
}
