import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { AuthenticationError, sessionExpiredMessage } from '../../core/auth-errors.js';

/** Who a token speaks for: a person, a service account (API key login), or one run's remote steps. */
export type PrincipalKind = 'user' | 'service_account' | 'workload';

export interface TokenClaims {
  /** The user (or service account) id. */
  userId: string;
  kind: PrincipalKind;
  isAdmin: boolean;
  /** Service-account logins: the API key used, so deactivating that key ends the session. */
  apiKeyId?: string;
  /** Workload tokens: the one run whose resources the token may touch. */
  runId?: string;
  /** Workload tokens: the secrets (names or ids) the run's steps declared. */
  secrets?: string[];
}

export interface VerifiedToken extends TokenClaims {
  tokenId: string;
  expiresAt: number;
}

/** Token lifetimes in seconds; ZenML's ZENML_SERVER_JWT_TOKEN_EXPIRE_MINUTES overrides the user and service-account ones. */
export interface TokenLifetimes {
  user: number;
  serviceAccount: number;
  workload: number;
}

export const DEFAULT_TOKEN_LIFETIMES: TokenLifetimes = { user: 24 * 3600, serviceAccount: 3600, workload: 24 * 3600 };

export function tokenLifetimes(env: NodeJS.ProcessEnv = process.env, base: TokenLifetimes = DEFAULT_TOKEN_LIFETIMES): TokenLifetimes {
  const minutes = Number(env.ZENML_SERVER_JWT_TOKEN_EXPIRE_MINUTES);
  if (!env.ZENML_SERVER_JWT_TOKEN_EXPIRE_MINUTES || !Number.isFinite(minutes) || minutes <= 0) return base;
  return { ...base, user: minutes * 60, serviceAccount: minutes * 60 };
}

export function lifetimeFor(kind: PrincipalKind, lifetimes: TokenLifetimes): number {
  return kind === 'user' ? lifetimes.user : kind === 'service_account' ? lifetimes.serviceAccount : lifetimes.workload;
}

const ISSUER = 'zenml-server';
const AUDIENCE = 'zenml-client';
const ALGORITHM = 'HS256';

/** Signs a token (HS256) for `claims`, valid for `expiresInSeconds` from now. */
export async function issueToken(secretKey: Uint8Array, claims: TokenClaims, expiresInSeconds: number): Promise<{ token: string; tokenId: string; expiresAt: number }> {
  const now = Math.floor(Date.now() / 1000);
  const tokenId = randomUUID();
  const expiresAt = now + Math.floor(expiresInSeconds);
  const payload: Record<string, unknown> = { kind: claims.kind, admin: claims.isAdmin };
  if (claims.apiKeyId) payload.api_key_id = claims.apiKeyId;
  if (claims.runId) payload.run_id = claims.runId;
  if (claims.secrets) payload.secrets = claims.secrets;
  const token = await new SignJWT(payload)
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(expiresAt)
    .setJti(tokenId)
    .sign(secretKey);
  return { token, tokenId, expiresAt };
}

/**
 * The claims of a token this server signed and that has not expired; anything else (bad
 * signature, expired, malformed, another issuer) is one 401 with the same line, so a client
 * never has to tell the cases apart to know what to do.
 */
export async function verifyToken(secretKey: Uint8Array, token: string, serverUrl?: string): Promise<VerifiedToken> {
  try {
    const { payload } = await jwtVerify(token, secretKey, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['sub', 'exp', 'jti'] });
    const kind = payload.kind;
    if (kind !== 'user' && kind !== 'service_account' && kind !== 'workload') throw new joseErrors.JWTClaimValidationFailed('unknown token kind', payload, 'kind');
    if (kind === 'workload' && typeof payload.run_id !== 'string') throw new joseErrors.JWTClaimValidationFailed('workload token without a run', payload, 'run_id');
    return {
      userId: payload.sub!,
      kind,
      isAdmin: payload.admin === true,
      apiKeyId: typeof payload.api_key_id === 'string' ? payload.api_key_id : undefined,
      runId: typeof payload.run_id === 'string' ? payload.run_id : undefined,
      secrets: Array.isArray(payload.secrets) ? payload.secrets.filter((s): s is string => typeof s === 'string') : undefined,
      tokenId: payload.jti!,
      expiresAt: payload.exp!,
    };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) throw new AuthenticationError(sessionExpiredMessage(serverUrl));
    throw error;
  }
}
