import { UsageError } from '../core/errors.js';
import type { ZenContext } from '../context/zen-context.js';
import type { SecretBackendName } from '../core/entities.js';
import { assertBackendName } from './secrets-manager.js';

/** Switches the backend for new secrets, after checking it can be used (keychain reachable and unlocked). */
export async function setSecretsBackend(context: ZenContext, backend: string): Promise<{ backend: SecretBackendName; previous: SecretBackendName; elsewhere: number }> {
  const { secretsManager } = await import('./secrets-manager.js');
  assertBackendName(backend);
  const manager = secretsManager(context);
  if (manager.server) {
    throw new UsageError('The secrets backend cannot be changed while connected to a server: its secrets live on the server, sealed with its key.', 'Run `zenml logout` to configure the local store.');
  }
  const previous = manager.activeBackend;
  await manager.backend(backend).ready();
  await context.config.update((data) => {
    data.secrets = { ...(data.secrets ?? {}), backend };
  });
  const counts = await countByBackend(context);
  return { backend, previous, elsewhere: Object.entries(counts).filter(([name]) => name !== backend).reduce((sum, [, n]) => sum + n, 0) };
}

export async function describeSecretsBackend(context: ZenContext): Promise<{ backend: SecretBackendName; secrets: Record<SecretBackendName, number> }> {
  const { secretsManager } = await import('./secrets-manager.js');
  return { backend: secretsManager(context).activeBackend, secrets: await countByBackend(context) };
}

async function countByBackend(context: ZenContext): Promise<Record<SecretBackendName, number>> {
  const counts: Record<SecretBackendName, number> = { sql: 0, keychain: 0 };
  for (let page = 1; ; page++) {
    const { items, total } = await context.store.listSecrets({ page, size: 1000 });
    for (const secret of items) counts[secret.backend] += 1;
    if (items.length === 0 || page * 1000 >= total) return counts;
  }
}
