import type { Config } from '../vendor/oclif.js';
import type { FlavorDescriptor } from '../stack/flavor.js';
import type { FlavorRegistry, PluginProblem } from '../stack/flavor-registry.js';

export type { FlavorDescriptor, FlavorRegistry, PluginProblem };

/**
 * The flavors the installed plugins provide, and the plugins that failed: the flavor
 * registry as `zenml plugins` and `<component> flavor` commands need it.
 */
export async function loadFlavors(): Promise<FlavorRegistry> {
  const { loadFlavorRegistry } = await import('../stack/flavor-registry.js');
  return loadFlavorRegistry();
}

/** Collects the flavors again from a fresh oclif Config, after plugins were installed or removed on disk. */
export async function reloadFlavors(config: Config): Promise<FlavorRegistry> {
  const [{ provideOclifConfig }, { loadFlavorRegistry, resetFlavorRegistry }] = await Promise.all([import('../stack/oclif-config.js'), import('../stack/flavor-registry.js')]);
  provideOclifConfig(config);
  resetFlavorRegistry();
  return loadFlavorRegistry();
}

/** The config keys a flavor's JSON Schema declares, with type, default, whether required and description. */
export async function flavorConfigKeys(flavor: FlavorDescriptor): Promise<Array<{ key: string; type: string; default?: unknown; required: boolean; description?: string }>> {
  const { configKeys } = await import('../stack/component-config.js');
  return configKeys(flavor);
}
