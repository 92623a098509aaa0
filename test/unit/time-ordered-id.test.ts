// Ids of store rows and artifact versions: UUIDs of version 7, whose order follows the time they were made.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeOrderedId } from '../../src/core/time-ordered-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('a time-ordered id is a UUID v7 carrying the milliseconds it was made at', () => {
  const before = Date.now();
  const id = timeOrderedId();
  const after = Date.now();
  assert.match(id, UUID_V7);
  const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
  assert.ok(ms >= before && ms <= after, `${ms} within [${before}, ${after}]`);
});

test('ids are unique across pool refills, and ids of later milliseconds sort after earlier ones', async () => {
  const ids = Array.from({ length: 1000 }, () => timeOrderedId());
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, UUID_V7);
  await new Promise((resolve) => setTimeout(resolve, 3));
  const later = timeOrderedId();
  assert.ok(ids.every((id) => id < later), 'a later millisecond sorts after every earlier id');
});
