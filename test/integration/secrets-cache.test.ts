// A cached step that uses a secret is reused only while the secret's values stay the same:
// its cache key holds a salted, slow digest of them (never the values, nor a fast hash).
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { Client, pipeline, step } from '../../src/index.js';
import { sdkSandbox } from './sdk-sandbox.js';

sdkSandbox('zenml-secret-cache-');
const FIRST = `first-${randomUUID()}`;

const connect = step({ name: 'connect', secrets: ['db'] }, () => `connected with a ${process.env.DB_PASSWORD!.length}-character password`);
const plain = step({ name: 'plain' }, () => 1);
const connecting = pipeline({ name: 'connecting' }, () => {
  connect();
  plain();
});
const statuses = (run: Awaited<ReturnType<typeof connecting>>) => Object.fromEntries(Object.entries(run.steps).map(([id, s]) => [id, s.status]));

describe('the cache key of a step with secrets', () => {
  before(async () => {
    await new Client().createSecret('db', { password: FIRST });
  });

  test('unchanged values: a hit; a changed value: a miss; changed back: a hit again', async () => {
    const client = new Client();
    const first = await connecting();
    assert.equal(first.status, 'completed', first.error);
    assert.deepEqual(statuses(await connecting()), { connect: 'cached', plain: 'cached' });

    await client.updateSecret('db', { values: { password: `second-${randomUUID()}` } });
    const changed = await connecting();
    assert.deepEqual(statuses(changed), { connect: 'completed', plain: 'cached' }, 'a step without secrets is not affected');
    assert.notEqual(changed.steps.connect.stepRun.cacheKey, first.steps.connect.stepRun.cacheKey);

    await client.updateSecret('db', { values: { password: FIRST } });
    const back = await connecting();
    assert.deepEqual(statuses(back), { connect: 'cached', plain: 'cached' });
    assert.equal(back.steps.connect.stepRun.cacheKey, first.steps.connect.stepRun.cacheKey);
  });

  test('an added key is a miss too', async () => {
    await new Client().updateSecret('db', { values: { password: FIRST, user: 'admin' } });
    assert.equal((await connecting()).steps.connect.status, 'completed');
  });

  test('the stored key is not a fast hash of the values', async () => {
    const run = await connecting();
    const key = run.steps.connect.stepRun.cacheKey!;
    const fast = (text: string) => [createHash('sha256').update(text).digest('hex'), createHash('md5').update(text).digest('hex')];
    for (const guess of [FIRST, `db.password=${FIRST}`, JSON.stringify({ password: FIRST, user: 'admin' })]) assert.ok(!fast(guess).includes(key));
    assert.ok(!key.includes(FIRST));
  });
});
