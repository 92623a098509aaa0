import { ZenError, errorMessage } from '../core/errors.js';
import { processSingleton } from '../core/process-state.js';

/** Keychain service name for everything zenml keeps there. */
export const KEYCHAIN_SERVICE = 'zenml';

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

const state = processSingleton('keychain', () => ({ keytar: undefined as Promise<Keytar> | undefined, usable: undefined as Promise<string | undefined> | undefined }));

const INSTALL_HINT = 'Install libsecret-1-dev and run `npm install keytar`, or keep secrets in the store with `zenml secret backend set sql`.';

// A variable specifier keeps tsc from resolving the module: the build must never need an
// optional dependency, and the Keytar interface above is all of it we use.
const KEYTAR_MODULE: string = 'keytar';

/** keytar is optional: it is imported only when the keychain is used, with a clear error when absent. */
export function loadKeytar(): Promise<Keytar> {
  state.keytar ??= import(KEYTAR_MODULE).then(
    (module) => ((module as { default?: Keytar }).default ?? (module as unknown as Keytar)),
    (error) => {
      state.keytar = undefined;
      throw new ZenError(`The OS keychain needs the optional dependency keytar, which is not installed or failed to load (${errorMessage(error).split('\n')[0]}).`, { hint: INSTALL_HINT });
    },
  );
  return state.keytar;
}

/** Turns keytar/libsecret failures into one line saying what to start or unlock. */
export function keychainError(error: unknown): ZenError {
  if (error instanceof ZenError) return error;
  const message = errorMessage(error);
  if (/D-Bus|DBUS|dbus|Could not connect|No such file/i.test(message)) {
    return new ZenError('The OS keychain is not reachable: there is no D-Bus session with a Secret Service (gnome-keyring).', {
      hint: "Start one, e.g. `dbus-run-session -- sh -c 'echo <password> | gnome-keyring-daemon --unlock --components=secrets; <command>'`, or use `zenml secret backend set sql`.",
    });
  }
  if (/collection|locked|prompt|dismissed|not exist/i.test(message)) {
    return new ZenError('The OS keychain is locked or has no login keyring.', {
      hint: 'Unlock it (e.g. `echo <password> | gnome-keyring-daemon --unlock --components=secrets`), or use `zenml secret backend set sql`.',
    });
  }
  return new ZenError(`The OS keychain failed: ${message.split('\n')[0]}`, { hint: 'Check that gnome-keyring (or another Secret Service) runs and is unlocked.' });
}

async function call<T>(work: (keytar: Keytar) => Promise<T>): Promise<T> {
  const keytar = await loadKeytar();
  try {
    return await work(keytar);
  } catch (error) {
    throw keychainError(error);
  }
}

export const keychainGet = (account: string) => call((k) => k.getPassword(KEYCHAIN_SERVICE, account));
export const keychainSet = (account: string, value: string) => call((k) => k.setPassword(KEYCHAIN_SERVICE, account, value));
export const keychainDelete = (account: string) => call((k) => k.deletePassword(KEYCHAIN_SERVICE, account));

/**
 * Why the keychain cannot be written, or undefined when it can. Reads alone are not enough:
 * a keyring that was never unlocked answers every read with "not found".
 */
export function keychainProblem(): Promise<string | undefined> {
  state.usable ??= (async () => {
    try {
      const account = `probe-${process.pid}`;
      await keychainSet(account, 'ok');
      await keychainDelete(account);
      return undefined;
    } catch (error) {
      return errorMessage(error);
    }
  })();
  return state.usable;
}

/** Fails with the reason when the keychain cannot be used. */
export async function assertKeychainUsable(): Promise<void> {
  const problem = await keychainProblem();
  if (problem) throw new ZenError(problem);
}
