import { serviceGate } from './service-gate.js';

/**
 * Whether a real OS keychain (Secret Service over D-Bus, e.g. gnome-keyring) can be written
 * here. Tests that need one skip with the reason, or fail when ZENML_TEST_REQUIRE_SERVICES=1
 * (CI runs everything inside `dbus-run-session` with an unlocked gnome-keyring).
 * Locally: HOME=$(mktemp -d) dbus-run-session -- sh -c 'echo pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; node --import tsx --test <file>'
 */
export async function keyringGate(): Promise<{ skip: string | false }> {
  const { keychainProblem } = await import('../../src/secrets/keychain.js');
  const problem = await keychainProblem();
  return serviceGate('OS keychain', problem);
}
