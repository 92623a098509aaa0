import { resolve } from 'node:path';
import { errorMessage } from '../core/errors.js';
import { keychainService } from '../core/keychain.js';

/** Keychain service for login secrets (tokens, API keys); secret values live under `zenml`. */
export const CREDENTIALS_KEYCHAIN_SERVICE = 'zenml-credentials';

const credentialsKeychain = keychainService(CREDENTIALS_KEYCHAIN_SERVICE);

/** The secret half of a session: what never goes into credentials.yaml when a keychain can hold it. */
export interface SessionSecrets {
  accessToken: string;
  apiKey?: string;
}

/**
 * One entry per server and config dir: two config dirs on one machine (two users, or a CI
 * runner and a person) logged in to the same server must not overwrite each other's token.
 */
export function credentialsKeychainAccount(url: string, configDirectory: string): string {
  return `${url} ${resolve(configDirectory)}`;
}

/**
 * Stores a session's secrets in the OS keychain; false (never an error) when there is no
 * usable keychain (keytar missing, no D-Bus session, a locked keyring), so the caller keeps
 * them in the 0600 file instead. The write itself is the probe: a keyring that cannot be
 * written is not used, even if it answers reads.
 */
export async function storeSessionSecrets(account: string, secrets: SessionSecrets): Promise<boolean> {
  try {
    await credentialsKeychain.set(account, JSON.stringify(secrets));
    return true;
  } catch {
    return false;
  }
}

/** The session's secrets, or why they cannot be had (the entry is gone, or the keychain is unreachable). */
export async function readSessionSecrets(account: string): Promise<SessionSecrets | { problem: string }> {
  let text: string | null;
  try {
    text = await credentialsKeychain.get(account);
  } catch (error) {
    return { problem: errorMessage(error).split('\n')[0]! };
  }
  if (!text) return { problem: 'its entry is no longer in the OS keychain' };
  try {
    const parsed = JSON.parse(text) as Partial<SessionSecrets>;
    if (typeof parsed.accessToken === 'string') return { accessToken: parsed.accessToken, ...(typeof parsed.apiKey === 'string' ? { apiKey: parsed.apiKey } : {}) };
  } catch {
    // Fall through: a damaged entry is the same as a missing one, logging in again replaces it.
  }
  return { problem: 'its OS keychain entry is damaged' };
}

/** Best effort: an unreachable keychain must not keep anyone from logging out locally. */
export async function forgetSessionSecrets(account: string): Promise<void> {
  await credentialsKeychain.delete(account).catch(() => false);
}
