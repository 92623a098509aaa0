import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AuthenticationError } from '../core/auth-errors.js';
import { ZenError } from '../core/errors.js';
import { stringify } from '../vendor/yaml.js';
import { parseConfigMapping, readConfigText } from './config-file.js';
import { credentialsKeychainAccount, forgetSessionSecrets, readSessionSecrets, storeSessionSecrets, type SessionSecrets } from './credentials-keychain.js';
import { configDir } from './paths.js';

/** One server's session as the client keeps it. */
export interface ServerCredentials {
  url: string;
  /** Who logged in (users); service accounts log in with an API key instead. */
  username?: string;
  accessToken: string;
  /** ISO time the token expires. */
  expiresAt: string;
  /** Service accounts: the key, so an expired token is renewed without asking anyone. */
  apiKey?: string;
}

/**
 * A server's entry in credentials.yaml. With a usable OS keychain the token (and API key) live
 * there and the file keeps only what is not secret, plus `tokenInKeychain: true`; without one
 * the file (0600) holds them.
 */
interface StoredServerEntry extends Omit<ServerCredentials, 'accessToken' | 'apiKey'> {
  accessToken?: string;
  apiKey?: string;
  tokenInKeychain?: boolean;
}

interface CredentialsDocument {
  servers?: Record<string, StoredServerEntry>;
}

export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'credentials.yaml');
}

/** A server URL as a key: no trailing slash, so `http://h:8237/` and `http://h:8237` are one server. */
export function normalizeServerUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

async function readDocument(path: string): Promise<CredentialsDocument> {
  const fix = `Delete ${path} and run \`zenml login\` again.`;
  const text = await readConfigText(path, fix);
  if (text === undefined) return {};
  const document = await parseConfigMapping<CredentialsDocument>(text, path, fix);
  if (document.servers !== undefined && (typeof document.servers !== 'object' || document.servers === null || Array.isArray(document.servers))) {
    throw new ZenError(`The config file ${path} is damaged: 'servers' is not a mapping.`, { hint: fix });
  }
  return document;
}

/** Written under a temporary name created 0600 and renamed over: never readable by others, never half written. */
async function writeDocument(path: string, document: CredentialsDocument): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = join(dirname(path), `.credentials.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, stringify(document), { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Keychain reads this process already made, by account: the REST store asks for its token on
 * every request, and a D-Bus round trip each time would be paid by every call. The cached value
 * is only used while the file still describes the same session (same expiry).
 */
const keychainReads = new Map<string, { expiresAt: string; secrets: SessionSecrets }>();

async function sessionSecretsOf(entry: StoredServerEntry, account: string): Promise<SessionSecrets> {
  if (!entry.tokenInKeychain) {
    if (typeof entry.accessToken !== 'string') throw new AuthenticationError(`The stored session for ${entry.url} has no token: run \`zenml login ${entry.url}\` again.`);
    return { accessToken: entry.accessToken, ...(entry.apiKey ? { apiKey: entry.apiKey } : {}) };
  }
  const cached = keychainReads.get(account);
  if (cached?.expiresAt === entry.expiresAt) return cached.secrets;
  const read = await readSessionSecrets(account);
  if ('problem' in read) {
    throw new AuthenticationError(`Cannot read the token for ${entry.url} from the OS keychain (${read.problem}).`, `Unlock the keychain, or run \`zenml login ${entry.url}\` again.`);
  }
  keychainReads.set(account, { expiresAt: entry.expiresAt, secrets: read });
  return read;
}

export async function readServerCredentials(url: string, env: NodeJS.ProcessEnv = process.env): Promise<ServerCredentials | undefined> {
  const key = normalizeServerUrl(url);
  const entry = (await readDocument(credentialsPath(env))).servers?.[key];
  if (!entry) return undefined;
  const secrets = await sessionSecretsOf({ ...entry, url: key }, credentialsKeychainAccount(key, configDir(env)));
  return { url: key, ...(entry.username ? { username: entry.username } : {}), expiresAt: entry.expiresAt, ...secrets };
}

/**
 * Keeps a session: the token (and API key) in the OS keychain when one can be written, the
 * rest in credentials.yaml; else all of it in credentials.yaml (0600), as without a keychain.
 */
export async function saveServerCredentials(credentials: ServerCredentials, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const path = credentialsPath(env);
  const document = await readDocument(path);
  const url = normalizeServerUrl(credentials.url);
  const account = credentialsKeychainAccount(url, configDir(env));
  const secrets: SessionSecrets = { accessToken: credentials.accessToken, ...(credentials.apiKey ? { apiKey: credentials.apiKey } : {}) };
  const inKeychain = await storeSessionSecrets(account, secrets);
  const publicPart = { url, ...(credentials.username ? { username: credentials.username } : {}), expiresAt: credentials.expiresAt };
  const previous = document.servers?.[url];
  document.servers = { ...(document.servers ?? {}), [url]: inKeychain ? { ...publicPart, tokenInKeychain: true } : { ...publicPart, ...secrets } };
  await writeDocument(path, document);
  keychainReads.delete(account);
  // The keychain could be written before and not now: its old token must not outlive this login.
  if (!inKeychain && previous?.tokenInKeychain) await forgetSessionSecrets(account);
}

/** Forgets a server's session (its file entry and its keychain entry); true when there was one. */
export async function removeServerCredentials(url: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const path = credentialsPath(env);
  const document = await readDocument(path);
  const key = normalizeServerUrl(url);
  const entry = document.servers?.[key];
  if (!entry) return false;
  delete document.servers![key];
  await writeDocument(path, document);
  const account = credentialsKeychainAccount(key, configDir(env));
  keychainReads.delete(account);
  if (entry.tokenInKeychain) await forgetSessionSecrets(account);
  return true;
}
