import { defaultStorePath } from '../config/paths.js';
import { UsageError } from '../errors.js';
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

async function ensureDefaultStack(store: ZenStore): Promise<void> {
  const { items } = await store.listStacks({ size: 1 });
  if (items.length > 0) return;
  try {
    const orchestrator = await store.createStackComponent({ name: DEFAULT_STACK, type: 'orchestrator', flavor: 'local', config: {} });
    const artifactStore = await store.createStackComponent({ name: DEFAULT_STACK, type: 'artifact_store', flavor: 'local', config: {} });
    await store.createStack({ name: DEFAULT_STACK, components: { orchestrator: orchestrator.id, artifact_store: artifactStore.id } });
  } catch (error) {
    // Another process created it first.
    if (!/already exists/.test(String((error as Error).message))) throw error;
  }
}
