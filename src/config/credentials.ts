import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ZenError } from '../core/errors.js';
import { stringify } from '../vendor/yaml.js';
import { parseConfigMapping, readConfigText } from './config-file.js';
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

interface CredentialsDocument {
  servers?: Record<string, ServerCredentials>;
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
  const document = parseConfigMapping<CredentialsDocument>(text, path, fix);
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

export async function readServerCredentials(url: string, env: NodeJS.ProcessEnv = process.env): Promise<ServerCredentials | undefined> {
  return (await readDocument(credentialsPath(env))).servers?.[normalizeServerUrl(url)];
}

export async function saveServerCredentials(credentials: ServerCredentials, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const path = credentialsPath(env);
  const document = await readDocument(path);
  const url = normalizeServerUrl(credentials.url);
  document.servers = { ...(document.servers ?? {}), [url]: { ...credentials, url } };
  await writeDocument(path, document);
}

/** Forgets a server's session; true when there was one. */
export async function removeServerCredentials(url: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const path = credentialsPath(env);
  const document = await readDocument(path);
  const key = normalizeServerUrl(url);
  if (!document.servers?.[key]) return false;
  delete document.servers[key];
  await writeDocument(path, document);
  return true;
}
