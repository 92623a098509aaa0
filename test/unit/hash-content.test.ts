// A materializer's content hash (src/materializers/builtins/hash.ts) is a cache key's input:
// its one-call path for small text must give the digest the Hash object gives, byte for byte,
// or every cached step of an existing store would miss after an upgrade.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { hashContent } from '../../src/materializers/builtins/hash.js';

/** The digest as hashContent has always taken it: the id, a NUL, then each part in turn. */
function streamed(id: string, ...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256').update(id).update('\0');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

const cases: Array<[string, Array<string | Uint8Array>]> = [
  ['no parts', []],
  ['one number', ['42']],
  ['several parts', ['text:', 'héllo wörld ✓ 😀']],
  ['an empty part', ['', 'x', '']],
  ['a surrogate pair split across parts', ['a\ud83d', '\ude00b']],
  ['a lone surrogate at the end', ['a', 'b\ud83d']],
  ['bytes', [new Uint8Array([0, 1, 2, 255])]],
  ['text and bytes', ['float32', ':', new Uint8Array([1, 2, 3])]],
  ['text past the one-call limit', ['x'.repeat(20_000), 'y']],
];

for (const [name, parts] of cases) {
  test(`hashContent: ${name} gives the streamed digest`, () => {
    assert.equal(hashContent('zenml.builtin.number', ...parts), streamed('zenml.builtin.number', ...parts));
  });
}

test('hashContent: the materializer id is part of the digest', () => {
  assert.notEqual(hashContent('zenml.builtin.number', '1'), hashContent('zenml.builtin.string', '1'));
});
