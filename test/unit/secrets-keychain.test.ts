import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { keyringGate } from '../helpers/keyring.js';
import { KeychainSecretsBackend } from '../../src/secrets/backends.js';
import { keychainError, keychainGet } from '../../src/secrets/keychain.js';

const gate = await keyringGate();

describe('keychain backend (real keyring)', { skip: gate.skip }, () => {
  test('stores, reads, overwrites and deletes one entry per secret', async () => {
    const backend = new KeychainSecretsBackend();
    await backend.ready();
    const id = randomUUID();
    assert.equal(await backend.getValues(id), undefined);
    await backend.storeValues(id, { token: 'kc-unit-value' });
    assert.deepEqual(await backend.getValues(id), { token: 'kc-unit-value' });
    assert.equal(await keychainGet(KeychainSecretsBackend.account(id)), JSON.stringify({ token: 'kc-unit-value' }));
    await backend.storeValues(id, { token: 'changed' });
    assert.deepEqual(await backend.getValues(id), { token: 'changed' });
    await backend.deleteValues(id);
    assert.equal(await backend.getValues(id), undefined);
  });
});

describe('keychain errors', () => {
  test('libsecret failures become one line saying what to start or unlock', () => {
    assert.match(keychainError(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')).message, /not reachable: there is no D-Bus session/);
    assert.match(keychainError(new Error('Could not connect: No such file or directory')).message, /not reachable/);
    assert.match(keychainError(new Error('Object does not exist at path “/org/freedesktop/secrets/collection/login”')).message, /locked or has no login keyring.*--unlock/);
  });
});
