import { nodeCrypto } from '../../core/lazy-crypto.js';

// scrypt at Node's defaults (N=2^14, r=8, p=1): ~50 ms per check, the cost a login pays.
const SCRYPT = { N: 16384, r: 8, p: 1 };
const KEY_LENGTH = 64;

function scrypt(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    nodeCrypto().scrypt(password, salt, KEY_LENGTH, { ...params, maxmem: 256 * params.N * params.r }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` with a fresh random salt per password. */
export async function hashPassword(password: string): Promise<string> {
  const salt = nodeCrypto().randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * Whether `password` matches `stored`. With no stored hash (unknown user, service account) it
 * still runs scrypt once, so the answer takes the same time either way.
 */
export async function passwordMatches(password: string, stored: string | null | undefined): Promise<boolean> {
  const parts = stored?.split('$') ?? [];
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    await scrypt(password, (DUMMY_SALT ??= nodeCrypto().randomBytes(16)), SCRYPT);
    return false;
  }
  const [, n, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && nodeCrypto().timingSafeEqual(actual, expected);
}

/** The salt of the comparison run when there is no stored hash, made on first use. */
let DUMMY_SALT: Buffer | undefined;

const KEY_PREFIX = 'ZENKEY';

/** A new API key `ZENKEY_<api key id>_<secret>`: the id finds the row, the secret is checked against its hash. */
export function newApiKey(apiKeyId: string): { key: string; hash: string } {
  const secret = nodeCrypto().randomBytes(32).toString('base64url');
  return { key: `${KEY_PREFIX}_${apiKeyId.replace(/-/g, '')}_${secret}`, hash: hashKeySecret(secret) };
}

/** The API key id (as stored, with dashes) and secret in a key string, or undefined for anything else. */
export function parseApiKey(key: string): { apiKeyId: string; secret: string } | undefined {
  const match = /^ZENKEY_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/.exec(key.trim());
  if (!match) return undefined;
  const hex = match[1];
  return { apiKeyId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`, secret: match[2] };
}

/** sha256: the secret is 256 random bits, so a slow hash would add nothing but latency. */
export function hashKeySecret(secret: string): string {
  return nodeCrypto().createHash('sha256').update(secret).digest('base64url');
}

export function keyHashMatches(secret: string, stored: string | null | undefined): boolean {
  if (!stored) return false;
  const actual = Buffer.from(hashKeySecret(secret));
  const expected = Buffer.from(stored);
  return actual.length === expected.length && nodeCrypto().timingSafeEqual(actual, expected);
}
