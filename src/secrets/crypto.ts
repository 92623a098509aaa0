import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';
const PASSPHRASE_SALT = 'zenml-secrets-encryption-key';

/** A random AES-256 key, hex encoded (what is kept in the keychain or the key file). */
export function newKeyText(): string {
  return randomBytes(KEY_BYTES).toString('hex');
}

/**
 * Turns key text into 32 bytes: 64 hex digits or base64 of 32 bytes are used as is; any
 * other text is treated as a passphrase and stretched with scrypt, so a short
 * ZENML_SECRETS_ENCRYPTION_KEY still gives a full-strength key.
 */
export function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed, 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  return scryptSync(trimmed, PASSPHRASE_SALT, KEY_BYTES);
}

/**
 * AES-256-GCM with a fresh IV per message. `context` is authenticated but not stored
 * (the secret id), so a ciphertext copied onto another secret's row does not decrypt.
 */
export function encrypt(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${FORMAT}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** The plaintext, or undefined when the key (or the context) is not the one it was sealed with. */
export function decrypt(key: Buffer, sealed: string, context: string): string | undefined {
  const [format, payload] = sealed.split(':', 2);
  if (format !== FORMAT || !payload) return undefined;
  const bytes = Buffer.from(payload, 'base64');
  if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
