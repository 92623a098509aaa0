import { ZenError, errorMessage } from '../core/errors.js';
import type { FlavorDescriptor, FlavorImplementation } from './flavor.js';

/**
 * Imports a flavor's implementation. Its `load()` is plugin code: when it throws (a missing
 * dependency, a typo), the error says which plugin and flavor, so the user knows what to
 * reinstall or report, instead of a bare message from deep inside the plugin.
 */
export async function loadFlavorImplementation<T>(flavor: FlavorDescriptor<T>): Promise<FlavorImplementation<T>> {
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
  return implementation;
}
