import { AuthenticationError, sessionExpiredMessage } from '../../core/auth-errors.js';
import { NotFoundError } from '../../core/errors.js';
import type { ZenStore } from '../../store/zen-store.js';
import type { Principal } from './authorize.js';
import { verifyToken } from './tokens.js';

/** Verified tokens remembered at most (a server with more live sessions just checks more signatures). */
const VERIFIED_TOKENS = 10_000;

interface AccountState {
  name: string;
  isAdmin: boolean;
  active: boolean;
  until: number;
}

export interface SessionOptions {
  /** How long a user's (and API key's) active flag is trusted before the store is asked again; default 2 s. */
  cacheMs?: number;
}

/**
 * Turns a bearer token into the request's principal: the signature and expiry by jose, then
 * the account behind it, which must still exist and be active, as must the API key of a
 * service-account session. That lookup is cached for a moment so a busy client costs one
 * query per few seconds, and deactivation takes effect within that moment.
 */
export class SessionVerifier {
  private readonly accounts = new Map<string, AccountState>();
  /**
   * Tokens whose signature was checked, by token text, until they expire: a client sends the
   * same token with every request, and an HMAC check per request costs more than the route.
   * Revocation and the account checks below still run on every request.
   */
  private readonly verified = new Map<string, Awaited<ReturnType<typeof verifyToken>>>();
  /**
   * Tokens ended by logout through this server, until they would have expired anyway. The
   * store keeps them too (a restart or another server process refuses them); a token found
   * not revoked there is trusted for cacheMs, as account flags are.
   */
  private readonly revoked = new Map<string, number>();
  private readonly notRevoked = new Map<string, number>();
  private readonly cacheMs: number;

  constructor(private readonly store: ZenStore, private readonly secretKey: Uint8Array, options: SessionOptions = {}) {
    this.cacheMs = options.cacheMs ?? 2000;
  }

  async principalFor(token: string, serverUrl?: string): Promise<Principal> {
    const claims = await this.verify(token, serverUrl);
    const refuse = () => new AuthenticationError(sessionExpiredMessage(serverUrl));
    if (await this.isRevoked(claims.tokenId)) throw refuse();
    const account = await this.account(claims.userId, claims.apiKeyId);
    if (!account.active) throw refuse();
    return {
      userId: claims.userId,
      name: account.name,
      // The account's current flag, not the one at login: demoting an admin takes effect at once.
      isAdmin: account.isAdmin,
      kind: claims.kind,
      runId: claims.runId,
      secrets: claims.secrets,
      apiKeyId: claims.apiKeyId,
      tokenId: claims.tokenId,
      expiresAt: claims.expiresAt,
    };
  }

  private async verify(token: string, serverUrl?: string): Promise<Awaited<ReturnType<typeof verifyToken>>> {
    const known = this.verified.get(token);
    if (known && known.expiresAt * 1000 > Date.now()) return known;
    if (known) this.verified.delete(token);
    const claims = await verifyToken(this.secretKey, token, serverUrl);
    if (this.verified.size >= VERIFIED_TOKENS) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }

  /** Ends one session (logout), in the store first so it stays ended across restarts. */
  async revoke(principal: Pick<Principal, 'tokenId' | 'expiresAt'>): Promise<void> {
    await this.store.revokeToken(principal.tokenId, new Date(principal.expiresAt * 1000).toISOString());
    const now = Date.now() / 1000;
    for (const [id, expiresAt] of this.revoked) if (expiresAt < now) this.revoked.delete(id);
    this.revoked.set(principal.tokenId, principal.expiresAt);
    this.notRevoked.delete(principal.tokenId);
  }

  private async isRevoked(tokenId: string): Promise<boolean> {
    if (this.revoked.has(tokenId)) return true;
    const trustedUntil = this.notRevoked.get(tokenId);
    if (trustedUntil !== undefined && trustedUntil > Date.now()) return false;
    const revoked = await this.store.isTokenRevoked(tokenId);
    if (revoked) return true;
    if (this.cacheMs > 0) {
      if (this.notRevoked.size >= VERIFIED_TOKENS) this.notRevoked.clear();
      this.notRevoked.set(tokenId, Date.now() + this.cacheMs);
    }
    return false;
  }

  /** Drops what is cached about a user (after it was changed through this server). */
  forget(userId?: string): void {
    if (userId === undefined) return this.accounts.clear();
    for (const key of this.accounts.keys()) if (key.startsWith(`${userId}|`)) this.accounts.delete(key);
  }

  private async account(userId: string, apiKeyId: string | undefined): Promise<AccountState> {
    const key = `${userId}|${apiKeyId ?? ''}`;
    const cached = this.accounts.get(key);
    if (cached && cached.until > Date.now()) return cached;
    const state = await this.lookup(userId, apiKeyId);
    if (this.cacheMs > 0) this.accounts.set(key, state);
    return state;
  }

  private async lookup(userId: string, apiKeyId: string | undefined): Promise<AccountState> {
    const until = Date.now() + this.cacheMs;
    try {
      const user = await this.store.getUser(userId);
      let active = user.active;
      if (active && apiKeyId !== undefined) active = (await this.store.getApiKey(userId, apiKeyId)).active;
      return { name: user.name, isAdmin: user.isAdmin, active, until };
    } catch (error) {
      // A deleted user or key: the session is over, like a deactivated one.
      if (error instanceof NotFoundError) return { name: '', isAdmin: false, active: false, until };
      throw error;
    }
  }
}
