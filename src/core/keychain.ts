import { ZenError, errorMessage } from './errors.js';
import { processSingleton } from './process-state.js';

/**
 * The OS keychain (a Secret Service such as gnome-keyring, through the optional keytar module),
 * shared by the floors that keep secrets in it: login tokens (config) and secret values (secrets).
 * keytar is loaded on first use only, so commands that never touch a credential never pay for it.
 */
export interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

const state = processSingleton('keychain', () => ({ keytar: undefined as Promise<Keytar> | undefined }));

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

/** One keychain service (a namespace of entries), each entry named by its account. */
export interface KeychainService {
  readonly service: string;
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

export function keychainService(service: string): KeychainService {
  return {
    service,
    get: (account) => call((k) => k.getPassword(service, account)),
    set: (account, value) => call((k) => k.setPassword(service, account, value)),
    delete: (account) => call((k) => k.deletePassword(service, account)),
  };
}
