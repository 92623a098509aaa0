import { processSingleton } from './process-state.js';

/**
 * Compiled pipeline modules (execution/compiled-pipelines.ts) built from one source file, by
 * the module's path: every frame of such a module is a line of that file, so finding the file
 * that declared a step (sdk/source-location.ts) needs no source map. Shared by both copies of
 * the package a process may hold (the CLI's and the one a pipeline file imports).
 */
const singleSourceModules = processSingleton('compiledSingleSourceModules', () => new Map<string, string>());

export function recordSingleSourceModule(modulePath: string, sourceFile: string): void {
  singleSourceModules.set(modulePath, sourceFile);
}

/** The one source file the compiled module at `modulePath` was built from, if it is such a module. */
export function singleSourceOf(modulePath: string): string | undefined {
  return singleSourceModules.get(modulePath);
}
