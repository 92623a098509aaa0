import { ZenError } from '../core/errors.js';
import type { ZenContext } from '../context/zen-context.js';
import type { SecretBackendName } from '../core/entities.js';
import { decrypt, encrypt } from './crypto.js';
import { secretsEncryptionKey } from './encryption-key.js';
import { assertKeychainUsable, keychainDelete, keychainGet, keychainProblem, keychainSet } from './keychain.js';

export type SecretValues = Record<string, string>;

export const SECRET_BACKENDS: readonly SecretBackendName[] = ['sql', 'keychain'];

/** Where the values of a secret live. Metadata (name, keys, owner) is always in the ZenStore. */
export interface SecretValuesBackend {
  readonly name: SecretBackendName;
  /** Fails with what to install, start or unlock when the backend cannot be used. */
  ready(): Promise<void>;
  /** Writes (or overwrites) the values of an existing secret. */
  storeValues(secretId: string, values: SecretValues): Promise<void>;
  /** The values, or undefined when this backend holds none for the secret. */
  getValues(secretId: string): Promise<SecretValues | undefined>;
  deleteValues(secretId: string): Promise<void>;
}

const parseValues = (text: string): SecretValues => JSON.parse(text) as SecretValues;

/** Values encrypted with AES-256-GCM in the secrets table of the ZenStore. */
export class SqlSecretsBackend implements SecretValuesBackend {
  readonly name = 'sql' as const;

  constructor(private readonly context: ZenContext) {}

  async ready(): Promise<void> {
    await secretsEncryptionKey(this.context);
  }

  /** The ciphertext for a secret's row (bound to its id). */
  async seal(secretId: string, values: SecretValues): Promise<string> {
    return encrypt(await secretsEncryptionKey(this.context), JSON.stringify(values), secretId);
  }

  async storeValues(secretId: string, values: SecretValues): Promise<void> {
    await this.context.store.updateSecret(secretId, { encryptedValues: await this.seal(secretId, values) });
  }

  async getValues(secretId: string): Promise<SecretValues | undefined> {
    const sealed = await this.context.store.getSecretEncryptedValues(secretId);
    if (!sealed) return undefined;
    const plaintext = decrypt(await secretsEncryptionKey(this.context), sealed, secretId);
    if (plaintext === undefined) throw new ZenError('A secret could not be decrypted with the current encryption key.', { hint: 'Its row may have been altered or copied from another store. Nothing was changed.' });
    return parseValues(plaintext);
  }

  async deleteValues(secretId: string): Promise<void> {
    await this.context.store.updateSecret(secretId, { encryptedValues: null });
  }
}

/** One keychain entry (service `zenml`) per secret, keyed by the secret's id so a rename moves nothing. */
export class KeychainSecretsBackend implements SecretValuesBackend {
  readonly name = 'keychain' as const;

  static account(secretId: string): string {
    return `secret:${secretId}`;
  }

  ready(): Promise<void> {
    return assertKeychainUsable();
  }

  storeValues(secretId: string, values: SecretValues): Promise<void> {
    return keychainSet(KeychainSecretsBackend.account(secretId), JSON.stringify(values));
  }

  async getValues(secretId: string): Promise<SecretValues | undefined> {
    const text = await keychainGet(KeychainSecretsBackend.account(secretId));
    if (text !== null) return parseValues(text);
    // A keyring that was never unlocked reads as empty: tell that apart from a missing entry.
    const problem = await keychainProblem();
    if (problem) throw new ZenError(problem);
    return undefined;
  }

  async deleteValues(secretId: string): Promise<void> {
    await keychainDelete(KeychainSecretsBackend.account(secretId));
  }
}

export function secretsBackend(context: ZenContext, name: SecretBackendName): SecretValuesBackend {
  if (name === 'sql') return new SqlSecretsBackend(context);
  if (name === 'keychain') return new KeychainSecretsBackend();
  throw new ZenError(`Unknown secrets backend '${name}'.`, { hint: `Use one of: ${SECRET_BACKENDS.join(', ')}.` });
}
