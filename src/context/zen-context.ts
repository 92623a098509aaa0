import { GlobalConfig } from '../config/global-config.js';
import { configDir } from '../config/paths.js';
import { ACTIVE_PROJECT_VARIABLES, ACTIVE_STACK_VARIABLES, envSetting } from '../config/env-settings.js';
import { findRepositoryRoot, readRepositoryConfig } from '../config/repository.js';
import { DEFAULT_STACK, ensureDefaultStack, openZenStore, resolveStoreUrl } from '../store/open-store.js';
import { DEFAULT_PROJECT } from '../core/identity-entities.js';
import type { ZenStore } from '../store/zen-store.js';
import { processSingleton } from '../core/process-state.js';

export type ActiveStackSource = 'environment' | 'repository' | 'global config' | 'default';

/** Global config and store for this process, opened once and shared by the SDK and the CLI. */
export interface ZenContext {
  configDir: string;
  config: GlobalConfig;
  store: ZenStore;
  /** A server's own key for the secrets it keeps (overrides the local key sources). */
  secretsKey?: string;
}

const contexts = processSingleton('contexts', () => new Map<string, Promise<ZenContext>>());

export function getZenContext(env: NodeJS.ProcessEnv = process.env): Promise<ZenContext> {
  // Keyed by config dir and store URL so a process that switches them (tests) gets a fresh store.
  const key = `${configDir(env)}|${env.ZENML_STORE_URL ?? ''}|${envSetting(env, ACTIVE_PROJECT_VARIABLES)?.value ?? ''}`;
  let context = contexts.get(key);
  if (!context) {
    context = openContext(env);
    contexts.set(key, context);
    context.catch(() => contexts.delete(key));
  }
  return context;
}

async function openContext(env: NodeJS.ProcessEnv): Promise<ZenContext> {
  const config = await GlobalConfig.load(env);
  const url = resolveStoreUrl(config.data.store?.url, env);
  // A server's store needs a session: the token `zenml login` kept, or one from ZENML_STORE_API_KEY.
  const token = /^https?:\/\//i.test(url) ? (await import('../config/token-provider.js')).tokenProviderFor(url, env) : undefined;
  const opened = await openZenStore(url, { token });
  // The SDK and the CLI work in the active project, as this installation's user.
  const project = resolveActiveProject(config, env);
  const store = opened.withScope({ project: project.name, userId: config.data.userId });
  if (project.name !== DEFAULT_PROJECT) await ensureDefaultStack(store).catch(() => undefined);
  return { configDir: configDir(env), config, store };
}

/** Closes every store this process opened (lets a CLI command or a test exit cleanly). */
export async function closeZenContexts(): Promise<void> {
  const all = [...contexts.values()];
  contexts.clear();
  await Promise.all(all.map(async (context) => (await context.catch(() => undefined))?.store.close()));
}

/** The active stack's name (or id) and which setting chose it: env (ZENML_ACTIVE_STACK or ZENML_ACTIVE_STACK_ID), then `.zen/`, then global config, then `default`. */
export async function resolveActiveStack(config: GlobalConfig, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<{ name: string; source: ActiveStackSource; repositoryRoot?: string }> {
  const repositoryRoot = findRepositoryRoot(cwd);
  const fromEnvironment = envSetting(env, ACTIVE_STACK_VARIABLES);
  if (fromEnvironment) return { name: fromEnvironment.value, source: 'environment', repositoryRoot };
  if (repositoryRoot) {
    const repo = await readRepositoryConfig(repositoryRoot);
    if (repo.data.activeStack) return { name: repo.data.activeStack, source: 'repository', repositoryRoot };
  }
  if (config.data.activeStack) return { name: config.data.activeStack, source: 'global config', repositoryRoot };
  return { name: DEFAULT_STACK, source: 'default', repositoryRoot };
}

export type ActiveProjectSource = 'environment' | 'global config' | 'default';

/** The active project's name (or id): env (ZENML_ACTIVE_PROJECT or ZENML_ACTIVE_PROJECT_ID), then global config, then `default`. */
export function resolveActiveProject(config: GlobalConfig, env: NodeJS.ProcessEnv = process.env): { name: string; source: ActiveProjectSource } {
  const fromEnvironment = envSetting(env, ACTIVE_PROJECT_VARIABLES);
  if (fromEnvironment) return { name: fromEnvironment.value, source: 'environment' };
  if (config.data.activeProject) return { name: config.data.activeProject, source: 'global config' };
  return { name: DEFAULT_PROJECT, source: 'default' };
}
