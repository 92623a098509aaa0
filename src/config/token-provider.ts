import { AuthenticationError, sessionExpiredMessage } from '../core/auth-errors.js';
import { normalizeServerUrl, readServerCredentials, saveServerCredentials, type ServerCredentials } from './credentials.js';
import { requestToken, type IssuedToken } from './server-login.js';

/** Renew this long before the token's expiry, so a request never leaves with a token about to die. */
const RENEW_MARGIN_MS = 30_000;

/**
 * Where the REST store gets its bearer token for one server:
 * 1. ZENML_STORE_API_TOKEN (a token handed over as is, e.g. a workload token for remote steps);
 * 2. ZENML_STORE_API_KEY with ZENML_STORE_URL naming this server (CI, no config file): the key is
 *    exchanged on first use and again whenever the token nears its expiry;
 * 3. the session `zenml login` kept (credentials.yaml, its token in the OS keychain when usable); a service account's is renewed with its key.
 */
export interface TokenProvider {
  readonly url: string;
  /** A token to send now. */
  token(): Promise<string>;
  /** After a 401: a fresh token when one can be had without a person (an API key), else the one-line error. */
  renew(): Promise<string>;
}

function apiKeyRefusedMessage(server: string, fromEnvironment: boolean): string {
  const where = fromEnvironment ? 'set ZENML_STORE_API_KEY to a valid key' : `run \`zenml login ${server} --api-key KEY\``;
  return `The API key was refused by ${server} (deactivated, rotated or wrong): log in again with a valid key (${where}).`;
}

export function tokenProviderFor(url: string, env: NodeJS.ProcessEnv = process.env): TokenProvider {
  const server = normalizeServerUrl(url);
  const forThisServer = !env.ZENML_STORE_URL || normalizeServerUrl(env.ZENML_STORE_URL) === server;
  const givenToken = forThisServer ? env.ZENML_STORE_API_TOKEN : undefined;
  const envApiKey = forThisServer ? env.ZENML_STORE_API_KEY : undefined;
  let current: IssuedToken | undefined;
  let pending: Promise<IssuedToken> | undefined;

  const fresh = (token: IssuedToken | undefined) => token !== undefined && Date.parse(token.expiresAt) - RENEW_MARGIN_MS > Date.now();
  // Concurrent requests share one exchange.
  const exchange = (apiKey: string, stored?: ServerCredentials): Promise<IssuedToken> =>
    (pending ??= (async () => {
      try {
        const issued = await requestToken(server, { apiKey }).catch((error: unknown) => {
          // A key that worked before (or was handed to CI) and no longer does: one line, and what to do.
          if (error instanceof AuthenticationError) throw new AuthenticationError(apiKeyRefusedMessage(server, stored === undefined));
          throw error;
        });
        if (stored) await saveServerCredentials({ ...stored, accessToken: issued.accessToken, expiresAt: issued.expiresAt }, env);
        current = issued;
        return issued;
      } finally {
        pending = undefined;
      }
    })());

  const obtain = async (force: boolean): Promise<string> => {
    if (givenToken) {
      if (force) throw new AuthenticationError(sessionExpiredMessage(server));
      return givenToken;
    }
    if (envApiKey) return (!force && fresh(current) ? current! : await exchange(envApiKey)).accessToken;
    const stored = await readServerCredentials(server, env);
    if (!stored) throw new AuthenticationError(`Not logged in to ${server}: run \`zenml login ${server}\` first.`);
    if (!force && fresh({ accessToken: stored.accessToken, expiresAt: stored.expiresAt })) return stored.accessToken;
    if (stored.apiKey) return (await exchange(stored.apiKey, stored)).accessToken;
    throw new AuthenticationError(sessionExpiredMessage(server));
  };

  return { url: server, token: () => obtain(false), renew: () => obtain(true) };
}
