// compareText orders as localeCompare does, for every string (plain ones without ICU).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareText } from '../../src/core/collation.js';

const PLAIN = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz";

function randomText(alphabet: string, seed: { value: number }): string {
  // A small deterministic generator, so a failure names the same strings on every run.
  const next = () => (seed.value = (seed.value * 1103515245 + 12345) % 2147483648) / 2147483648;
  let text = '';
  const length = 1 + Math.floor(next() * 6);
  for (let index = 0; index < length; index++) text += alphabet[Math.floor(next() * alphabet.length)];
  return text;
}

test('plain lowercase text compares exactly as localeCompare does', () => {
  const seed = { value: 42 };
  for (let index = 0; index < 20_000; index++) {
    const a = randomText(PLAIN, seed);
    const b = randomText(index % 3 === 0 ? PLAIN.slice(0, 20) : PLAIN, seed);
    assert.equal(Math.sign(compareText(a, b)), Math.sign(a.localeCompare(b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
});

test('uppercase, accents and other scripts go through localeCompare', () => {
  for (const [a, b] of [['Zeta', 'alpha'], ['a', 'A'], ['é', 'f'], ['stack', 'Stack'], ['ß', 'ss'], ['@zenml/flavor-local', '@zenml/Docker']]) {
    assert.equal(Math.sign(compareText(a, b)), Math.sign(a.localeCompare(b)), `${a} vs ${b}`);
    assert.equal(Math.sign(compareText(b, a)), Math.sign(b.localeCompare(a)), `${b} vs ${a}`);
  }
});

test('command ids and plugin names sort as before', () => {
  const names = ['stack:list', 'stack', 'stack-component:list', 'stack:register', '@zenml/flavor-local', '@zenml/docker', 'artifact-store', 'artifact_store', 'a1', 'a:b', 'a-b'];
  assert.deepEqual([...names].sort(compareText), [...names].sort((a, b) => a.localeCompare(b)));
});
