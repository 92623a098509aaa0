import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decrypt, encrypt, newKeyText, parseKey } from '../../src/secrets/crypto.js';

describe('secrets encryption (AES-256-GCM)', () => {
  test('round-trips and never contains the plaintext', () => {
    const key = parseKey(newKeyText());
    const plaintext = JSON.stringify({ password: 'hunter2-very-secret' });
    const sealed = encrypt(key, plaintext, 'secret-id-1');
    assert.ok(sealed.startsWith('v1:'));
    assert.ok(!sealed.includes('hunter2'));
    assert.ok(!Buffer.from(sealed.slice(3), 'base64').includes(Buffer.from('hunter2')));
    assert.equal(decrypt(key, sealed, 'secret-id-1'), plaintext);
  });

  test('a fresh IV per message: the same plaintext seals differently', () => {
    const key = parseKey(newKeyText());
    assert.notEqual(encrypt(key, 'same', 'ctx'), encrypt(key, 'same', 'ctx'));
  });

  test('a wrong key, a different context or a tampered ciphertext do not decrypt', () => {
    const key = parseKey(newKeyText());
    const sealed = encrypt(key, 'value', 'secret-a');
    assert.equal(decrypt(parseKey(newKeyText()), sealed, 'secret-a'), undefined);
    assert.equal(decrypt(key, sealed, 'secret-b'), undefined);
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1] ^= 1;
    assert.equal(decrypt(key, `v1:${bytes.toString('base64')}`, 'secret-a'), undefined);
    assert.equal(decrypt(key, 'garbage', 'secret-a'), undefined);
  });

  test('keys: 64 hex digits and base64 are used as is, anything else is a passphrase', () => {
    const raw = randomBytes(32);
    assert.deepEqual(parseKey(raw.toString('hex')), raw);
    assert.deepEqual(parseKey(raw.toString('base64')), raw);
    const fromPassphrase = parseKey('correct horse battery staple');
    assert.equal(fromPassphrase.length, 32);
    assert.deepEqual(parseKey('correct horse battery staple'), fromPassphrase);
    assert.notDeepEqual(parseKey('another passphrase'), fromPassphrase);
  });
});
