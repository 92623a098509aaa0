import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Config } from '../vendor/oclif.js';
import type { FlavorDescriptor } from './flavor.js';
import { compareText } from '../core/collation.js';

/**
 * Names, in a step process's environment, the `zenml:flavors` hook files of the plugins the
 * process that started it found: the step process then imports those few files instead of
 * loading oclif and every plugin's package.json again to find them (a good part of a step
 * process's start).
 */
export const FLAVOR_HOOK_FILES_ENV = 'ZENML_FLAVOR_HOOK_FILES';

/** One plugin's flavors hook: the plugin's name, the module's absolute path, its export. */
export interface FlavorHookFile {
  plugin: string;
  file: string;
  identifier: string;
}

/**
 * The hook files of a Config's plugins, when every plugin with a flavors hook ships with this
 * package (type `core`): their hooks take no arguments and are tested here. With a plugin
 * the user installed or linked, undefined: its hook may use what oclif hands it, so the
 * step process loads oclif after all.
 */
export function flavorHookFiles(config: Config, hook: string): FlavorHookFile[] | undefined {
  const files: FlavorHookFile[] = [];
  for (const plugin of config.plugins.values()) {
    const hooks = (plugin.hooks[hook] ?? []) as Array<string | { target: string; identifier?: string }>;
    if (hooks.length === 0) continue;
    if (plugin.type !== 'core') return undefined;
    for (const entry of hooks) {
      const target = typeof entry === 'string' ? entry : entry.target;
      const file = isAbsolute(target) ? target : join(plugin.root, target);
      if (!existsSync(file)) return undefined;
      files.push({ plugin: plugin.name, file, identifier: (typeof entry === 'string' ? undefined : entry.identifier) ?? 'default' });
    }
  }
  // oclif loads plugins concurrently: their order differs from one process to the next.
  return files.sort((a, b) => compareText(a.plugin, b.plugin) || compareText(a.file, b.file));
}

/** The hook files this process was handed (see FLAVOR_HOOK_FILES_ENV), taken out of its environment; undefined when none or unreadable. */
export function flavorHookFilesFromEnv(env: NodeJS.ProcessEnv = process.env): FlavorHookFile[] | undefined {
  const text = env[FLAVOR_HOOK_FILES_ENV];
  if (!text) return undefined;
  // Read once: a process the step starts finds its own plugins (the user may install one meanwhile).
  delete env[FLAVOR_HOOK_FILES_ENV];
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed)) return undefined;
    const valid = parsed.every((entry: Partial<FlavorHookFile>) => typeof entry?.plugin === 'string' && typeof entry.file === 'string' && isAbsolute(entry.file) && typeof entry.identifier === 'string');
    return valid ? (parsed as FlavorHookFile[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the hooks of these files (all at once), each plugin's flavors named after it. */
export async function flavorsOfHookFiles(files: FlavorHookFile[]): Promise<Array<{ plugin: string; result: unknown }>> {
  return Promise.all(
    files.map(async ({ plugin, file, identifier }) => {
      const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      const hook = module[identifier] as (() => Promise<FlavorDescriptor[]>) | undefined;
      if (typeof hook !== 'function') throw new Error(`${file} exports no ${identifier} function.`);
      return { plugin, result: await hook() };
    }),
  );
}
