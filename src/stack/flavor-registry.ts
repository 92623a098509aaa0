import { existsSync, lstatSync, mkdirSync, readlinkSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../vendor/oclif.js';
import { UsageError, errorMessage } from '../core/errors.js';
import { processSingleton } from '../core/process-state.js';
import { runningForeignCode } from '../core/foreign-code.js';
import { lazyImport } from '../core/lazy-import.js';
import { COMPONENT_TYPES } from './component-types.js';
import type { FlavorDescriptor } from './flavor.js';
import { providedOclifConfig } from './oclif-config.js';
import { flavorHookFiles, flavorHookFilesFromEnv, flavorsOfHookFiles, type FlavorHookFile } from './flavor-hook-files.js';
import { compareText } from '../core/collation.js';
import { quietLinkedPluginWarnings } from '../core/linked-plugins.js';

export const FLAVORS_HOOK = 'zenml:flavors';
/** A hook that hangs must not hang every command that lists flavors. */
const HOOK_TIMEOUT_MS = 15_000;

/** A plugin whose flavors could not be used, and why. */
export interface PluginProblem {
  plugin: string;
  message: string;
}

/** Every flavor known to this process, by component type and name, plus the plugins that failed. */
export class FlavorRegistry {
  private readonly flavors: FlavorDescriptor[];

  constructor(
    flavors: FlavorDescriptor[],
    readonly problems: PluginProblem[] = [],
    /** Where the flavors came from, for a step process to import them alone (see flavor-hook-files.ts). */
    readonly hookFiles?: FlavorHookFile[],
  ) {
    // Plugins' hooks answer in any order; lists, prompts and errors should not.
    this.flavors = [...flavors].sort((a, b) => compareText(a.type, b.type) || compareText(a.name, b.name));
  }

  list(type?: string): FlavorDescriptor[] {
    return this.flavors.filter((flavor) => !type || flavor.type === type);
  }

  find(type: string, name: string): FlavorDescriptor | undefined {
    return this.flavors.find((f) => f.type === type && f.name === name);
  }

  get(type: string, name: string): FlavorDescriptor {
    const flavor = this.find(type, name);
    if (!flavor) {
      const known = this.list(type).map((f) => f.name);
      const label = type.replace(/_/g, ' ');
      // A flavor name is a choice among the installed ones, like a flag's allowed values: a usage error (exit 2).
      throw new UsageError(
        `Unknown ${label} flavor '${name}'.`,
        known.length
          ? `Known flavors: ${known.join(', ')}; install a plugin for others (zenml plugins install).`
          : `No ${label} flavors are installed yet; install a flavor plugin (zenml plugins install).`,
      );
    }
    return flavor;
  }

  /** The flavors one plugin contributes. */
  ofPlugin(plugin: string): FlavorDescriptor[] {
    return this.flavors.filter((flavor) => flavor.plugin === plugin);
  }
}

const registries = processSingleton('flavorRegistries', () => new Map<string, Promise<FlavorRegistry>>());

/**
 * The flavors of every installed plugin, collected once per process (and per data dir)
 * through the `zenml:flavors` oclif hook. In the CLI that uses the CLI's own Config; in a
 * pipeline script it loads the Config of this package, so user-installed plugins count too.
 */
export function loadFlavorRegistry(): Promise<FlavorRegistry> {
  const key = process.env.ZENML_DATA_DIR ?? '';
  let registry = registries.get(key);
  if (!registry) {
    registry = collectFlavors();
    registries.set(key, registry);
    registry.catch(() => registries.delete(key));
  }
  return registry;
}

/** Forgets the cached registry (after a plugin was installed or removed in this process). */
export function resetFlavorRegistry(): void {
  registries.clear();
}

/** Root of the zenml package: this file is <root>/dist/stack/ or <root>/src/stack/. */
export function packageRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

async function collectFlavors(): Promise<FlavorRegistry> {
  const provided = providedOclifConfig();
  // A step process handed its driver's hook files (only ever built-in plugins') needs no oclif.
  const handed = provided ? undefined : flavorHookFilesFromEnv();
  if (handed) return registryOf(await hookFileResults(handed), handed);
  const config = provided ?? (await loadPackageConfig());
  linkZenmlIntoDataDir(config.dataDir);
  return registryOf(await runFlavorHooks(config), flavorHookFiles(config, FLAVORS_HOOK));
}

type HookResults = Awaited<ReturnType<Config['runHook']>>;

/** The hooks of handed files, as oclif's runHook reports them (their plugins are all built in). */
async function hookFileResults(files: FlavorHookFile[]): Promise<HookResults> {
  const byPlugin = new Map<string, FlavorHookFile[]>();
  for (const file of files) byPlugin.set(file.plugin, [...(byPlugin.get(file.plugin) ?? []), file]);
  const results: HookResults = { successes: [], failures: [] };
  await Promise.all(
    [...byPlugin].map(async ([name, own]) => {
      const plugin = { name, type: 'core' } as HookResults['successes'][number]['plugin'];
      try {
        for (const { result } of await flavorsOfHookFiles(own)) results.successes.push({ plugin, result });
      } catch (error) {
        results.failures.push({ plugin, error: error as Error });
      }
    }),
  );
  return results;
}

async function registryOf(result: HookResults, hookFiles: FlavorHookFile[] | undefined): Promise<FlavorRegistry> {
  const problems: PluginProblem[] = result.failures.map(({ plugin, error }) => ({ plugin: plugin.name, message: `its ${FLAVORS_HOOK} hook failed: ${firstLine(error)}` }));
  // Core plugins first, so an installed plugin cannot shadow a built-in flavor.
  const successes = [...result.successes].sort((a, b) => rank(a.plugin.type) - rank(b.plugin.type));
  const flavors: FlavorDescriptor[] = [];
  // Only an installed plugin's descriptors are checked (see below): with built-ins alone, as
  // for a plain `pipeline run`, the checker is never loaded.
  const checker = lazyImport(() => import('./flavor-descriptor.js'));
  const checkDescriptor = async (candidate: unknown) => (await checker()).checkDescriptor(candidate);
  for (const { plugin, result: returned } of successes) {
    const list = Array.isArray(returned) ? returned : (returned as { flavors?: unknown })?.flavors;
    if (!Array.isArray(list)) {
      problems.push({ plugin: plugin.name, message: `its ${FLAVORS_HOOK} hook must return an array of flavor descriptors.` });
      continue;
    }
    for (const candidate of list) {
      // The built-in plugins ship with this package and their descriptors are checked by its
      // tests: compiling their schemas here would cost every command that loads flavors ~50 ms.
      const problem = plugin.type === 'core' ? undefined : await checkDescriptor(candidate);
      if (problem) {
        problems.push({ plugin: plugin.name, message: problem });
        continue;
      }
      const descriptor = candidate as FlavorDescriptor;
      const taken = flavors.find((f) => f.type === descriptor.type && f.name === descriptor.name);
      if (taken) {
        problems.push({ plugin: plugin.name, message: `its ${descriptor.type} flavor '${descriptor.name}' is already provided by ${taken.plugin}; ignored.` });
        continue;
      }
      flavors.push({ ...descriptor, plugin: plugin.name });
    }
  }
  return new FlavorRegistry(flavors, problems, hookFiles);
}

/**
 * oclif's runHook, one plugin at a time (all at once still): while a plugin's hook runs it
 * is marked as running foreign code, so a hook that ends the process or never settles is
 * named by the CLI (see cli/exit-guard.ts) instead of ending it in silence.
 */
async function runFlavorHooks(config: Config): Promise<HookResults> {
  const withHook = [...config.plugins.values()].filter((plugin) => (plugin.hooks[FLAVORS_HOOK] ?? []).length > 0);
  const results = await Promise.all(
    withHook.map((plugin) => {
      // runHook walks `this.plugins`: a view of this Config that holds just this plugin.
      const one = Object.create(config, { plugins: { value: new Map([[plugin.name, plugin]]) } }) as Config;
      const root = existsSync(plugin.root) ? realpathSync(plugin.root) : plugin.root;
      return runningForeignCode(`plugin ${plugin.name} (its ${FLAVORS_HOOK} hook)`, root, () => config.runHook.call(one, FLAVORS_HOOK, {}, HOOK_TIMEOUT_MS, true));
    }),
  );
  return { successes: results.flatMap((result) => result.successes), failures: results.flatMap((result) => result.failures) };
}

async function loadPackageConfig(): Promise<Config> {
  const { Config } = await import('../vendor/oclif.js');
  quietLinkedPluginWarnings();
  return Config.load({ root: packageRoot() });
}

const rank = (type: string) => (type === 'core' ? 0 : type === 'user' ? 1 : 2);
const firstLine = (error: unknown) => errorMessage(error).split('\n')[0];

/**
 * Plugins installed with `zenml plugins install` live in <data dir>/node_modules and import
 * 'zenml/plugin'; npm may prune our link there on each install, so it is re-made here.
 */
export function linkZenmlIntoDataDir(dataDir: string): void {
  const modules = join(dataDir, 'node_modules');
  if (!existsSync(modules)) return;
  const link = join(modules, 'zenml');
  const target = packageRoot();
  try {
    const stat = lstatSync(link, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink() && resolve(modules, readlinkSync(link)) === target) return;
    if (stat && !stat.isSymbolicLink()) return; // a real copy someone installed on purpose
    if (stat) rmSync(link, { force: true });
    mkdirSync(modules, { recursive: true });
    symlinkSync(target, link, 'junction');
  } catch {
    // Another process made it at the same time, or the folder is read-only: plugins then need their own copy.
  }
}

