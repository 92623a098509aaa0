import { ZenError } from './errors.js';

/**
 * The one line a client prints when the server refuses its token (expired, bad signature,
 * revoked, user or API key deactivated): what happened and the command that fixes it.
 */
export function sessionExpiredMessage(serverUrl?: string): string {
  return `Your session has expired or was revoked: run \`zenml login ${serverUrl ?? '<url>'}\` again.`;
}

/** The server does not know who is calling (HTTP 401). */
export class AuthenticationError extends ZenError {
  readonly statusCode = 401;
  constructor(message: string, hint?: string) {
    super(message, { hint });
    this.name = 'AuthenticationError';
  }
}

/** The caller is known but may not do this (HTTP 403). */
export class AuthorizationError extends ZenError {
  readonly statusCode = 403;
  constructor(message: string, hint?: string) {
    super(message, { hint });
    this.name = 'AuthorizationError';
  }
}

/** Too many failed logins from one client (HTTP 429). */
export class TooManyLoginsError extends ZenError {
  readonly statusCode = 429;
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed logins from this client: try again in ${retryAfterSeconds} s.`);
    this.name = 'TooManyLoginsError';
  }
}
