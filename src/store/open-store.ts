import { defaultStorePath } from '../config/paths.js';
import { AlreadyExistsError, NotFoundError, UsageError } from '../core/errors.js';
import type { StackComponentModel } from '../core/entities.js';
import type { ZenStore } from './zen-store.js';

export const DEFAULT_STACK = 'default';

/** The store URL in effect: ZENML_STORE_URL, else the global config's, else the embedded SQLite file. */
export function resolveStoreUrl(configured?: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.ZENML_STORE_URL || configured || `sqlite:${defaultStorePath(env)}`;
}

/** Opens the store behind a URL and makes sure the default stack exists. */
export async function openZenStore(url: string): Promise<ZenStore> {
  const { sqlitePathFromUrl, openSqlite } = await import('./sql/database.js');
  const path = sqlitePathFromUrl(url);
  if (!path) {
    throw new UsageError(`The store URL '${url}' is not supported.`, 'Use sqlite:/path/to/zenml.db (or unset ZENML_STORE_URL for the default).');
  }
  const { SqlZenStore } = await import('./sql/sql-zen-store.js');
  const store = new SqlZenStore(url, await openSqlite(path));
  await ensureDefaultStack(store);
  return store;
}

/**
 * Creates the `default` stack on a store that has none. Each part is get-or-create, so
 * several processes opening a fresh store at once, or one that died half-way, all end
 * with the same complete default stack.
 */
export async function ensureDefaultStack(store: ZenStore): Promise<void> {
  const { items } = await store.listStacks({ size: 1 });
  if (items.length > 0) return;
  const orchestrator = await defaultComponent(store, 'orchestrator');
  const artifactStore = await defaultComponent(store, 'artifact_store');
  await ignoreAlreadyExists(() => store.createStack({ name: DEFAULT_STACK, components: { orchestrator: orchestrator.id, artifact_store: artifactStore.id } }));
}

async function defaultComponent(store: ZenStore, type: string): Promise<StackComponentModel> {
  const existing = await store.getStackComponent(type, DEFAULT_STACK).catch((error) => (error instanceof NotFoundError ? undefined : Promise.reject(error)));
  if (existing) return existing;
  return (await ignoreAlreadyExists(() => store.createStackComponent({ name: DEFAULT_STACK, type, flavor: 'local', config: {} }))) ?? store.getStackComponent(type, DEFAULT_STACK);
}

/** Another process created it first: theirs is as good as ours. */
async function ignoreAlreadyExists<T>(create: () => Promise<T>): Promise<T | undefined> {
  try {
    return await create();
  } catch (error) {
    if (error instanceof AlreadyExistsError) return undefined;
    throw error;
  }
}
