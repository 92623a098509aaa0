import { Config } from '../vendor/oclif.js';
import { ZenError } from '../core/errors.js';
import type { FlavorRegistry } from '../sdk/flavors.js';

/** A plugin as `zenml plugins list` shows it. */
export interface PluginView {
  name: string;
  version: string;
  /** `core` (bundled), `user` (installed) or `link`. */
  type: string;
  root: string;
  flavors: string[];
  problems: string[];
}

type PluginsCommand = 'plugins:install' | 'plugins:link' | 'plugins:uninstall';

/** Runs one of @oclif/plugin-plugins' commands with our Config. */
export async function runPluginsCommand(id: PluginsCommand, argv: string[], config: Config): Promise<void> {
  const { commands } = (await import('@oclif/plugin-plugins')) as unknown as { commands: Record<string, { run(argv: string[], config: Config): Promise<unknown> }> };
  await commands[id].run(argv, config);
}

/** Names of the user-installed and linked plugins recorded in the data dir. */
export async function userPluginNames(config: Config): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  try {
    const pjson = JSON.parse(await readFile(join(config.dataDir, 'package.json'), 'utf8')) as { oclif?: { plugins?: Array<string | { name: string }> } };
    return (pjson.oclif?.plugins ?? []).map((p) => (typeof p === 'string' ? p : p.name));
  } catch {
    return [];
  }
}

/** A fresh Config (the plugin set changed on disk), handed to the flavor registry. */
export async function reloadFlavors(config: Config): Promise<{ config: Config; registry: FlavorRegistry }> {
  const fresh = await Config.load({ root: config.root });
  const { reloadFlavors: reload } = await import('../sdk/flavors.js');
  return { config: fresh, registry: await reload(fresh) };
}

export function pluginViews(config: Config, registry: FlavorRegistry, onlyFlavorPlugins = true): PluginView[] {
  return config
    .getPluginsList()
    .filter((plugin) => !plugin.isRoot && (!onlyFlavorPlugins || plugin.hooks['zenml:flavors']?.length || plugin.type !== 'core'))
    .map((plugin) => ({
      name: plugin.name,
      version: plugin.version,
      type: plugin.type,
      root: plugin.root,
      flavors: registry.ofPlugin(plugin.name).map((f) => `${f.type}/${f.name}`),
      problems: registry.problems.filter((p) => p.plugin === plugin.name).map((p) => p.message),
    }));
}

/**
 * Checks plugins that were just installed or linked: each must declare the zenml:flavors
 * hook and contribute at least one flavor, every one of them usable (a descriptor that is
 * refused now, e.g. for a config schema that cannot compile, would only fail later, at a
 * register or a run far from the install). Returns the problem, or undefined.
 */
export function flavorPluginProblem(config: Config, registry: FlavorRegistry, name: string): string | undefined {
  const plugin = config.getPluginsList().find((p) => p.name === name);
  if (!plugin) return `${name} could not be loaded as an oclif plugin.`;
  if (!plugin.hooks['zenml:flavors']?.length) return `${name} is not a zenml flavor plugin: its package.json declares no oclif.hooks["zenml:flavors"].`;
  const problems = registry.problems.filter((p) => p.plugin === name);
  if (registry.ofPlugin(name).length === 0) return `${name} provides no usable flavor: ${problems[0]?.message ?? 'its hook returned none'}`;
  if (problems.length > 0) return `${name} has ${problems.length === 1 ? 'a flavor' : `${problems.length} flavors`} zenml cannot use: ${problems[0].message}`;
  return undefined;
}

export class PluginRejected extends ZenError {}
