import { randomUUID } from 'node:crypto';
import { AlreadyExistsError, NotFoundError, UsageError, ZenError } from '../core/errors.js';
import type { ZenContext } from '../context/zen-context.js';
import type { Page, ListFilter, PageRequest, SecretBackendName, SecretModel, SecretValuesService } from '../core/entities.js';
import { KeychainSecretsBackend, SECRET_BACKENDS, SqlSecretsBackend, secretsBackend, type SecretValues, type SecretValuesBackend } from './backends.js';
import { assertSecretKey, assertSecretName } from './names.js';

export interface SecretUpdateRequest {
  /** Keys to add or overwrite. */
  values?: SecretValues;
  removeKeys?: string[];
  private?: boolean;
}

export interface TransferReport {
  /** A backend, the secrets' own homes, or (logged in to a server) the server or the local store. */
  from: SecretBackendName | 'home' | 'server' | 'local';
  to: SecretBackendName | 'server' | 'local';
  /** Secrets copied. */
  secrets: string[];
  /** Secrets with no copy in the source backend (left as they were). */
  skipped: string[];
}

/**
 * Secrets as users see them: metadata in the ZenStore, values in the backend the secret
 * lives in (`backend` column). New secrets go to the backend chosen in the global config.
 */
export class SecretsManager {
  constructor(readonly context: ZenContext) {}

  /** Backend for new secrets: global config `secrets.backend`, default `sql` (always `sql` on a server). */
  get activeBackend(): SecretBackendName {
    if (this.server) return 'sql';
    return this.context.config.data.secrets?.backend ?? 'sql';
  }

  /** The server's secrets store, when the ZenStore is a server: values then live there only. */
  get server(): SecretValuesService | undefined {
    return this.context.store.secretValues;
  }

  private get currentUser(): string | undefined {
    return this.context.store.scope.userId ?? this.context.config.data.userId;
  }

  backend(name: SecretBackendName): SecretValuesBackend {
    return secretsBackend(this.context, name);
  }

  async get(nameOrId: string): Promise<SecretModel> {
    // The store's view hides other users' private secrets (reported as missing, never as forbidden).
    return this.context.store.getSecret(nameOrId);
  }

  async exists(name: string): Promise<boolean> {
    return this.get(name).then(
      () => true,
      (error) => {
        if (error instanceof NotFoundError) return false;
        throw error;
      },
    );
  }

  async list(request: ListFilter = {}): Promise<Page<SecretModel>> {
    return this.context.store.listSecrets(request);
  }

  /** The values of a secret, read from the backend it lives in. */
  async getValues(nameOrId: string): Promise<{ secret: SecretModel; values: SecretValues }> {
    if (this.server) return this.server.getSecretValues(nameOrId);
    const secret = await this.get(nameOrId);
    const values = await this.backend(secret.backend).getValues(secret.id);
    if (!values) {
      throw new ZenError(`The values of secret '${secret.name}' are missing from the ${secret.backend} backend.`, {
        hint: `Restore them with \`zenml secret restore\`, or set them again with \`zenml secret update ${secret.name}\`.`,
      });
    }
    return { secret, values };
  }

  async create(name: string, values: SecretValues, options: { private?: boolean } = {}): Promise<SecretModel> {
    assertSecretName(name);
    checkValues(values);
    if (Object.keys(values).length === 0) throw new UsageError(`Secret '${name}' needs at least one key.`, 'Pass --<key>=<value>, --values, or -i.');
    if (this.server) return this.server.createSecret({ name, values, private: options.private ?? false });
    if (await this.context.store.listSecrets({ name, size: 1 }).then((page) => page.total > 0)) {
      throw new AlreadyExistsError(`A secret named '${name}' already exists.`, `Pick another name, or change it with \`zenml secret update ${name}\`.`);
    }
    const backend = this.backend(this.activeBackend);
    await backend.ready();
    const id = randomUUID();
    const fields = { id, name, keys: Object.keys(values), owner: this.currentUser, private: options.private ?? false, backend: backend.name };
    if (backend instanceof SqlSecretsBackend) return this.context.store.createSecret({ ...fields, encryptedValues: await backend.seal(id, values) });
    // Values first: a crash in between leaves an orphan keychain entry, never a secret without values.
    await backend.storeValues(id, values);
    try {
      return await this.context.store.createSecret(fields);
    } catch (error) {
      await backend.deleteValues(id).catch(() => undefined);
      throw error;
    }
  }

  async update(nameOrId: string, request: SecretUpdateRequest): Promise<SecretModel> {
    if (this.server) {
      checkValues(request.values ?? {});
      return this.server.updateSecretValues(nameOrId, request);
    }
    const secret = await this.get(nameOrId);
    const changesValues = Object.keys(request.values ?? {}).length > 0 || (request.removeKeys ?? []).length > 0;
    if (!changesValues) {
      if (request.private === undefined) throw new UsageError('Nothing to update.', 'Pass --<key>=<value>, --values, --remove-keys or --private/--no-private.');
      return this.context.store.updateSecret(secret.id, { private: request.private });
    }
    checkValues(request.values ?? {});
    const { values } = await this.getValues(secret.id);
    const unknown = (request.removeKeys ?? []).filter((key) => !(key in values));
    if (unknown.length > 0) throw new UsageError(`Secret '${secret.name}' has no key ${unknown.map((k) => `'${k}'`).join(', ')}.`, `Its keys: ${Object.keys(values).join(', ')}.`);
    const next = { ...values, ...(request.values ?? {}) };
    for (const key of request.removeKeys ?? []) delete next[key];
    if (Object.keys(next).length === 0) throw new UsageError(`Secret '${secret.name}' would have no keys left.`, `Delete it instead: zenml secret delete ${secret.name}.`);
    const backend = this.backend(secret.backend);
    const update = { keys: Object.keys(next), ...(request.private === undefined ? {} : { private: request.private }) };
    if (backend instanceof SqlSecretsBackend) return this.context.store.updateSecret(secret.id, { ...update, encryptedValues: await backend.seal(secret.id, next) });
    await backend.storeValues(secret.id, next);
    return this.context.store.updateSecret(secret.id, update);
  }

  async rename(nameOrId: string, newName: string): Promise<SecretModel> {
    assertSecretName(newName);
    const secret = await this.get(nameOrId);
    return this.context.store.updateSecret(secret.id, { name: newName });
  }

  /** Deletes the metadata and every copy of the values (the home backend and any backup). */
  async delete(nameOrId: string): Promise<SecretModel> {
    const secret = await this.get(nameOrId);
    // On a server the values are in the secret's row: deleting it deletes them.
    if (this.server) return this.context.store.deleteSecret(secret.id).then(() => secret);
    if (secret.backend === 'keychain') await new KeychainSecretsBackend().deleteValues(secret.id);
    else await this.dropKeychainCopy(secret.id);
    await this.context.store.deleteSecret(secret.id);
    return secret;
  }

  /** A keychain backup may exist for a sql secret; without a usable keychain there is none to drop. */
  private async dropKeychainCopy(secretId: string): Promise<void> {
    await new KeychainSecretsBackend().deleteValues(secretId).catch(() => undefined);
  }

  /**
   * Copies every secret's values from where it lives into `to` (default: the backend that is
   * not active), leaving the originals in place.
   */
  async backup(to?: SecretBackendName): Promise<TransferReport> {
    // Logged in to a server: the server's secrets are copied into the local store.
    if (this.server) return (await import('./server-transfer.js')).backupServerSecrets(this, to);
    const target = to ?? otherBackend(this.activeBackend);
    const backend = this.backend(target);
    await backend.ready();
    const report: TransferReport = { from: 'home', to: target, secrets: [], skipped: [] };
    for (const secret of await this.all()) {
      if (secret.backend === target) {
        report.skipped.push(secret.name);
        continue;
      }
      const { values } = await this.getValues(secret.id);
      await backend.storeValues(secret.id, values);
      report.secrets.push(secret.name);
    }
    return report;
  }

  /**
   * Copies every secret's values from `from` (default: the backend that is not active) into
   * the active backend and makes that their home. The source copy stays as a backup.
   */
  async restore(from?: SecretBackendName): Promise<TransferReport> {
    // Logged in to a server: the local store's secrets are uploaded to it.
    if (this.server) return (await import('./server-transfer.js')).restoreServerSecrets(this, this.server, from);
    const target = this.activeBackend;
    const source = from ?? otherBackend(target);
    if (source === target) throw new UsageError(`Secrets already live in the active backend '${target}'.`, `Restore from the other backend (--from ${otherBackend(target)}), or switch with \`zenml secret backend set\`.`);
    const [sourceBackend, targetBackend] = [this.backend(source), this.backend(target)];
    await Promise.all([sourceBackend.ready(), targetBackend.ready()]);
    const report: TransferReport = { from: source, to: target, secrets: [], skipped: [] };
    for (const secret of await this.all()) {
      const values = await sourceBackend.getValues(secret.id);
      if (!values) {
        report.skipped.push(secret.name);
        continue;
      }
      if (targetBackend instanceof SqlSecretsBackend) {
        await this.context.store.updateSecret(secret.id, { backend: target, keys: Object.keys(values), encryptedValues: await targetBackend.seal(secret.id, values) });
      } else {
        await targetBackend.storeValues(secret.id, values);
        await this.context.store.updateSecret(secret.id, { backend: target, keys: Object.keys(values) });
      }
      report.secrets.push(secret.name);
    }
    return report;
  }

  /** Every secret this view can see. */
  async all(): Promise<SecretModel[]> {
    const all: SecretModel[] = [];
    for (let page = 1; ; page++) {
      const { items, total } = await this.list({ page, size: 500 });
      all.push(...items);
      if (items.length === 0 || page * 500 >= total) return all;
    }
  }
}

export function otherBackend(name: SecretBackendName): SecretBackendName {
  return name === 'sql' ? 'keychain' : 'sql';
}

export function assertBackendName(name: string): asserts name is SecretBackendName {
  if (!(SECRET_BACKENDS as readonly string[]).includes(name)) throw new UsageError(`Unknown secrets backend '${name}'.`, `Use one of: ${SECRET_BACKENDS.join(', ')}.`);
}

function checkValues(values: SecretValues): void {
  for (const [key, value] of Object.entries(values)) {
    assertSecretKey(key);
    if (typeof value !== 'string') throw new UsageError(`The value of key '${key}' must be a string.`);
  }
}

const managers = new WeakMap<ZenContext, SecretsManager>();

export function secretsManager(context: ZenContext): SecretsManager {
  let manager = managers.get(context);
  if (!manager) {
    manager = new SecretsManager(context);
    managers.set(context, manager);
  }
  return manager;
}
