import { AuthenticationError } from '../core/auth-errors.js';
import { ZenError, errorMessage } from '../core/errors.js';
import { normalizeServerUrl } from './credentials.js';

export type LoginCredentials = { username: string; password: string } | { apiKey: string };

export interface IssuedToken {
  accessToken: string;
  /** ISO time. */
  expiresAt: string;
}

/** The message of a server's error body ({message} from fastify, {detail} from ZenML), else the status. */
export async function serverErrorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { message?: unknown; detail?: unknown };
    const message = body.message ?? body.detail;
    if (typeof message === 'string' && message) return message;
  } catch {
    // Not JSON: the status line says enough.
  }
  return `HTTP ${response.status}${text && text.length < 200 ? `: ${text}` : ''}`;
}

/** POSTs the login form (OAuth2 password flow, as ZenML's clients do) and returns the token. */
export async function requestToken(url: string, credentials: LoginCredentials): Promise<IssuedToken> {
  const server = normalizeServerUrl(url);
  const form: Record<string, string> = 'apiKey' in credentials ? { api_key: credentials.apiKey } : { username: credentials.username, password: credentials.password, grant_type: 'password' };
  let response: Response;
  try {
    response = await fetch(`${server}/api/v1/login`, { method: 'POST', body: new URLSearchParams(form), signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    throw new ZenError(`Cannot reach the ZenML server at ${server} (${errorMessage(cause ?? error)}).`, { hint: 'Check the URL and that the server is running.' });
  }
  if (response.status === 401) throw new AuthenticationError(`Login to ${server} failed: ${await serverErrorMessage(response)}`);
  if (!response.ok) throw new ZenError(`Login to ${server} failed: ${await serverErrorMessage(response)}`);
  const body = (await response.json()) as { access_token?: string; expires_in?: number };
  if (typeof body.access_token !== 'string') throw new ZenError(`${server} answered the login without a token: is it a ZenML server?`);
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600;
  return { accessToken: body.access_token, expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString() };
}
