import { ZenError, errorMessage } from '../core/errors.js';
import type { FlavorDescriptor, FlavorImplementation } from './flavor.js';

/**
 * Implementations already loaded, by descriptor: every run builds its stack's components anew,
 * and a dynamic import() of a module already loaded still walks the resolver (and the
 * loader hooks of a `--import tsx` process, a round trip to their thread) each time.
 * A failed load is not kept, so the next run tries again.
 */
const loaded = new WeakMap<FlavorDescriptor<unknown>, FlavorImplementation<unknown>>();

/**
 * Imports a flavor's implementation. Its `load()` is plugin code: when it throws (a missing
 * dependency, a typo), the error says which plugin and flavor, so the user knows what to
 * reinstall or report, instead of a bare message from deep inside the plugin.
 */
export async function loadFlavorImplementation<T>(flavor: FlavorDescriptor<T>): Promise<FlavorImplementation<T>> {
  const known = loaded.get(flavor as FlavorDescriptor<unknown>);
  if (known) return known as FlavorImplementation<T>;
  const who = `${flavor.plugin ? `Plugin ${flavor.plugin}` : 'A plugin'} (${flavor.type.replace(/_/g, ' ')} flavor '${flavor.name}')`;
  let implementation: FlavorImplementation<T> | undefined;
  try {
    implementation = await flavor.load();
  } catch (error) {
    throw new ZenError(`${who} failed to load: ${errorMessage(error).split('\n')[0]}`, { hint: 'Reinstall or update the plugin (zenml plugins install), or switch to another stack.', cause: error });
  }
  if (typeof implementation?.create !== 'function') {
    throw new ZenError(`${who} failed to load: its load() returned no create() function.`, { hint: 'Report it to the plugin author, or switch to another stack.' });
  }
  loaded.set(flavor as FlavorDescriptor<unknown>, implementation as FlavorImplementation<unknown>);
  return implementation;
}
