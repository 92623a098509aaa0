/**
 * Process-wide singletons keyed by Symbol.for, so that two copies of this package in one
 * process (the CLI's and the one a pipeline file imports) share the same state.
 */
export function processSingleton<T>(key: string, create: () => T): T {
  const symbol = Symbol.for(`zenml.${key}`);
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  return (holder[symbol] ??= create());
}
