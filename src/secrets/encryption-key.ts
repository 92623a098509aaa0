import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZenError, errorMessage } from '../core/errors.js';
import { processSingleton } from '../core/process-state.js';
import type { ZenContext } from '../context/zen-context.js';
import { decrypt, encrypt, newKeyText, parseKey } from './crypto.js';
import { keychainGet, keychainSet } from './keychain.js';

export const KEY_ENV = 'ZENML_SECRETS_ENCRYPTION_KEY';
export const KEY_FILE = 'secrets.key';
/** Keychain account (service `zenml`) holding the key when the keychain is usable. */
export const KEY_ACCOUNT = 'secrets-encryption-key';

const CHECK_PLAINTEXT = 'zenml-secrets-key-check';
const CHECK_CONTEXT = 'key-check';

export type KeySource = 'environment' | 'keychain' | 'key file' | 'server';

interface ResolvedKey {
  key: Buffer;
  source: KeySource;
}

const cache = processSingleton('secretsKeys', () => new Map<string, Promise<Buffer>>());

export function keyFilePath(context: Pick<ZenContext, 'configDir'>): string {
  return join(context.configDir, KEY_FILE);
}

/**
 * The AES-256 key for the sql backend, checked against the store before it is used: a
 * wrong key is refused up front, so nothing is ever written with it.
 */
export function secretsEncryptionKey(context: ZenContext, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const cacheKey = `${context.configDir}|${context.store.url}|${context.secretsKey ?? env[KEY_ENV] ?? ''}`;
  let key = cache.get(cacheKey);
  if (!key) {
    key = (async () => {
      const resolved = await resolveKey(context, env);
      await verifyKey(context, resolved);
      return resolved.key;
    })();
    cache.set(cacheKey, key);
    key.catch(() => cache.delete(cacheKey));
  }
  return key;
}

async function resolveKey(context: ZenContext, env: NodeJS.ProcessEnv): Promise<ResolvedKey> {
  if (context.secretsKey) return { key: parseKey(context.secretsKey), source: 'server' };
  if (env[KEY_ENV]) return { key: parseKey(env[KEY_ENV]!), source: 'environment' };
  const file = keyFilePath(context);
  // A key file means the keychain was unusable when the store got its key: keep using it.
  if (existsSync(file)) return { key: parseKey(readKeyFile(file)), source: 'key file' };
  const stored = await keychainGet(KEY_ACCOUNT).catch(() => null);
  if (stored) return { key: parseKey(stored), source: 'keychain' };

  if (await context.store.getSecretsKeyCheck()) {
    throw new ZenError("This store's secrets are encrypted with a key that is not available here (no ZENML_SECRETS_ENCRYPTION_KEY, no key in the OS keychain, no key file).", {
      hint: `Set ${KEY_ENV} to that key, or unlock the OS keychain that holds it. Nothing was changed.`,
    });
  }
  return createKey(file);
}

async function createKey(file: string): Promise<ResolvedKey> {
  const text = newKeyText();
  try {
    await keychainSet(KEY_ACCOUNT, text);
    // Another process may be storing its own key at the same moment. Reading back after a
    // pause lets the writes settle, so both processes adopt the last one written (this
    // runs once per keychain, when the first secret is ever stored).
    await new Promise((resolve) => setTimeout(resolve, 150));
    const winner = (await keychainGet(KEY_ACCOUNT)) ?? text;
    return { key: parseKey(winner), source: 'keychain' };
  } catch (error) {
    const key = writeKeyFile(file, text);
    process.stderr.write(
      `Warning: the OS keychain is not usable (${errorMessage(error).split('.')[0]}), so the secrets encryption key was written to ${file} (mode 0600). ` +
        `Anyone who can read that file can decrypt the secrets; set ${KEY_ENV} or use a keychain to avoid it.\n`,
    );
    return { key: parseKey(key), source: 'key file' };
  }
}

/** Creates the key file exclusively (mode 0600 from the start); if another process won, its key is used. */
function writeKeyFile(file: string, text: string): string {
  mkdirSync(join(file, '..'), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${text}\n`, { mode: 0o600, flag: 'w' });
  chmodSync(temp, 0o600);
  try {
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temp);
  }
  return readKeyFile(file);
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new ZenError(`The secrets key file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}).`, {
      hint: `Fix its permissions, or set ${KEY_ENV}.`,
    });
  }
}

async function verifyKey(context: ZenContext, resolved: ResolvedKey): Promise<void> {
  const check = await context.store.ensureSecretsKeyCheck(encrypt(resolved.key, CHECK_PLAINTEXT, CHECK_CONTEXT));
  if (decrypt(resolved.key, check, CHECK_CONTEXT) === CHECK_PLAINTEXT) return;
  const where = resolved.source === 'server' ? "of the server" : resolved.source === 'environment' ? `from ${KEY_ENV}` : resolved.source === 'keychain' ? 'from the OS keychain' : `from ${keyFilePath(context)}`;
  throw new ZenError(`The secrets encryption key (${where}) is not the key this store's secrets were encrypted with.`, {
    hint: `Use the original key (set ${KEY_ENV} to it). Nothing was changed.`,
  });
}

/**
 * For step processes that cannot reach this machine's OS keychain (containers): the secrets
 * key as an environment variable, when this local store's secrets are encrypted with a key
 * that only the keychain holds. A key from the environment is forwarded by the caller as is,
 * and a key file sits in the config dir the step mounts; a server keeps secrets itself.
 */
export async function keychainOnlySecretsKeyEnv(context: ZenContext): Promise<Record<string, string>> {
  if (context.secretsKey || process.env[KEY_ENV] || existsSync(keyFilePath(context))) return {};
  if (!(await context.store.getSecretsKeyCheck().catch(() => undefined))) return {};
  const key = await secretsEncryptionKey(context);
  return { [KEY_ENV]: key.toString('hex') };
}
