import { ZenError, errorMessage } from '../core/errors.js';
import { keychainService } from '../core/keychain.js';
import { processSingleton } from '../core/process-state.js';

export { keychainError, loadKeytar } from '../core/keychain.js';

/** Keychain service name for everything the secrets floor keeps there. */
export const KEYCHAIN_SERVICE = 'zenml';

const secretsKeychain = keychainService(KEYCHAIN_SERVICE);
const state = processSingleton('keychain-usable', () => ({ usable: undefined as Promise<string | undefined> | undefined }));

export const keychainGet = (account: string) => secretsKeychain.get(account);
export const keychainSet = (account: string, value: string) => secretsKeychain.set(account, value);
export const keychainDelete = (account: string) => secretsKeychain.delete(account);

/**
 * Why the keychain cannot be written, or undefined when it can. Reads alone are not enough:
 * a keyring that was never unlocked answers every read with "not found".
 */
export function keychainProblem(): Promise<string | undefined> {
  const probe = async () => {
    try {
      const account = `probe-${process.pid}`;
      await keychainSet(account, 'ok');
      await keychainDelete(account);
      return undefined;
    } catch (error) {
      return errorMessage(error);
    }
  };
  // With a D-Bus session, one more try: a busy gnome-keyring can miss a reply, which reads the
  // same as having no keychain (and would send the secrets key to a file).
  state.usable ??= probe().then(async (problem) =>
    problem && process.env.DBUS_SESSION_BUS_ADDRESS ? (await new Promise((resolve) => setTimeout(resolve, 500)), await probe()) : problem,
  );
  return state.usable;
}

/** Fails with the reason when the keychain cannot be used. */
export async function assertKeychainUsable(): Promise<void> {
  const problem = await keychainProblem();
  if (problem) throw new ZenError(problem);
}
