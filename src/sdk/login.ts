import { normalizeServerUrl, readServerCredentials, removeServerCredentials, saveServerCredentials } from '../config/credentials.js';
import { GlobalConfig } from '../config/global-config.js';
import { requestToken, type LoginCredentials } from '../config/server-login.js';
import { AuthenticationError } from '../core/auth-errors.js';
import { UsageError } from '../core/errors.js';
import { DEFAULT_PASSWORD_FILE } from '../config/paths.js';

export interface LoginResult {
  url: string;
  username?: string;
  serviceAccount: boolean;
  expiresAt: string;
}

export interface LogoutResult {
  url?: string;
  /** False when there was no session to end. */
  loggedOut: boolean;
  /** True when the global config went back to the local store. */
  revertedToLocalStore: boolean;
}

function checkUrl(url: string): string {
  const server = normalizeServerUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(server);
  } catch {
    throw new UsageError(`'${url}' is not a server URL.`, 'Use e.g. http://127.0.0.1:8237.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`'${url}' is not an http(s) URL.`, 'Use e.g. http://127.0.0.1:8237.');
  return server;
}

/**
 * Logs in to a server (ZenML's `zenml login URL`): exchanges the password or API key for a
 * token, keeps it in the OS keychain when one is usable (else in credentials.yaml, 0600),
 * and points the global config's store at the server so the CLI, the SDK and every
 * orchestrator use it from now on.
 */
export async function login(url: string, credentials: LoginCredentials, env: NodeJS.ProcessEnv = process.env): Promise<LoginResult> {
  const server = checkUrl(url);
  if ('username' in credentials && !credentials.username) throw new UsageError('The username is empty.', 'Pass --username NAME.');
  const issued = await requestToken(server, credentials);
  const serviceAccount = 'apiKey' in credentials;
  await saveServerCredentials(
    { url: server, accessToken: issued.accessToken, expiresAt: issued.expiresAt, ...(serviceAccount ? { apiKey: credentials.apiKey } : { username: credentials.username }) },
    env,
  );
  const config = await GlobalConfig.load(env);
  await config.update((data) => {
    data.store = { ...(data.store ?? {}), url: server };
  });
  return { url: server, username: serviceAccount ? undefined : credentials.username, serviceAccount, expiresAt: issued.expiresAt };
}

/**
 * Ends the session with a server (the configured one when `url` is omitted): tells the server
 * (best effort: an unreachable server must not keep anyone logged in locally), forgets the
 * token, and points the global config back at the local store if it named that server.
 */
export async function logout(url?: string, env: NodeJS.ProcessEnv = process.env): Promise<LogoutResult> {
  const config = await GlobalConfig.load(env);
  const configured = config.data.store?.url;
  const target = url ? checkUrl(url) : configured && /^https?:/.test(configured) ? normalizeServerUrl(configured) : undefined;
  if (!target) return { loggedOut: false, revertedToLocalStore: false };
  // A token the keychain no longer gives back cannot end the server's session; the local one still ends.
  const stored = await readServerCredentials(target, env).catch((error: unknown) => {
    if (error instanceof AuthenticationError) return undefined;
    throw error;
  });
  if (stored) {
    await fetch(`${target}/api/v1/logout`, { method: 'POST', headers: { authorization: `Bearer ${stored.accessToken}` }, signal: AbortSignal.timeout(5000) }).catch(() => undefined);
  }
  const loggedOut = await removeServerCredentials(target, env);
  const revertedToLocalStore = configured !== undefined && normalizeServerUrl(configured) === target;
  if (revertedToLocalStore) {
    await config.update((data) => {
      if (data.store) delete data.store.url;
    });
  }
  return { url: target, loggedOut, revertedToLocalStore };
}

/**
 * The login half of `zenml login --local`: logs in to a server this machine started as its
 * administrator, with ZENML_DEFAULT_USER_NAME/ZENML_DEFAULT_USER_PASSWORD or the password the
 * server generated into its directory (0600) on first start.
 */
export async function loginAsLocalAdmin(url: string, serverDir: string, env: NodeJS.ProcessEnv = process.env): Promise<LoginResult> {
  const { readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const username = env.ZENML_DEFAULT_USER_NAME || 'default';
  let password = env.ZENML_DEFAULT_USER_PASSWORD;
  if (!password) {
    password = await readFile(join(serverDir, DEFAULT_PASSWORD_FILE), 'utf8').then(
      (text) => text.trim(),
      () => {
        throw new UsageError(`No administrator password for the local server in ${serverDir}.`, 'Set ZENML_DEFAULT_USER_PASSWORD, or log in with `zenml login <url> --username <name>`.');
      },
    );
  }
  return login(url, { username, password }, env);
}
