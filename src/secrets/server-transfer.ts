/**
 * `zenml secret backup | restore` while logged in to a server: secrets move between the server
 * and this machine's local store. backup copies every secret the user can see on the server
 * into the local store (sealed with the local key, in its active backend); restore uploads the
 * local store's secrets to the server (sealed there with the server's key). A secret that
 * exists on the other side by name gets its keys replaced; private stays private.
 */
import { AlreadyExistsError, UsageError } from '../core/errors.js';
import type { ZenContext } from '../context/zen-context.js';
import type { SecretModel, SecretValuesService } from '../core/entities.js';
import type { SecretsManager, TransferReport } from './secrets-manager.js';

/** A SecretsManager over this machine's own store, beside a context whose store is a server. */
async function withLocalSecrets<T>(context: ZenContext, work: (local: SecretsManager) => Promise<T>): Promise<T> {
  const { openZenStore } = await import('../store/open-store.js');
  const { defaultStorePath } = await import('../config/paths.js');
  const { SecretsManager } = await import('./secrets-manager.js');
  const opened = await openZenStore(`sqlite:${defaultStorePath(process.env)}`);
  try {
    const store = opened.withScope({ userId: context.config.data.userId });
    // No server key here: the local store's secrets are sealed with the local one.
    return await work(new SecretsManager({ configDir: context.configDir, config: context.config, store }));
  } finally {
    await opened.close();
  }
}

/** Makes `target` hold exactly `values` under `name`: created, or its keys replaced. */
async function putSecret(
  target: { exists(name: string): Promise<boolean>; getValues(name: string): Promise<{ values: Record<string, string> }> },
  write: { create(values: Record<string, string>): Promise<unknown>; update(change: { values: Record<string, string>; removeKeys: string[]; private: boolean }): Promise<unknown> },
  secret: SecretModel,
  values: Record<string, string>,
): Promise<void> {
  if (!(await target.exists(secret.name))) {
    await write.create(values);
    return;
  }
  const current = await target.getValues(secret.name);
  const removeKeys = Object.keys(current.values).filter((key) => !(key in values));
  await write.update({ values, removeKeys, private: secret.private });
}

export async function backupServerSecrets(server: SecretsManager, to?: string): Promise<TransferReport> {
  if (to) throw new UsageError('--to picks a local backend; logged in to a server, backup copies into the local store.', 'Run `zenml secret backup` without --to.');
  const report: TransferReport = { from: 'server', to: 'local', secrets: [], skipped: [] };
  await withLocalSecrets(server.context, async (local) => {
    for (const secret of await server.all()) {
      const { values } = await server.getValues(secret.id);
      await putSecret(
        local,
        { create: (v) => local.create(secret.name, v, { private: secret.private }), update: (change) => local.update(secret.name, change) },
        secret,
        values,
      );
      report.secrets.push(secret.name);
    }
  });
  return report;
}

export async function restoreServerSecrets(server: SecretsManager, service: SecretValuesService, from?: string): Promise<TransferReport> {
  if (from) throw new UsageError('--from picks a local backend; logged in to a server, restore uploads the local store.', 'Run `zenml secret restore` without --from.');
  const report: TransferReport = { from: 'local', to: 'server', secrets: [], skipped: [] };
  await withLocalSecrets(server.context, async (local) => {
    for (const secret of await local.all()) {
      const { values } = await local.getValues(secret.id);
      try {
        await putSecret(
          server,
          { create: (v) => service.createSecret({ name: secret.name, values: v, private: secret.private }), update: (change) => service.updateSecretValues(secret.name, change) },
          secret,
          values,
        );
        report.secrets.push(secret.name);
      } catch (error) {
        // Another user's private secret holds the name: it is not ours to overwrite.
        if (!(error instanceof AlreadyExistsError)) throw error;
        report.skipped.push(secret.name);
      }
    }
  });
  return report;
}
