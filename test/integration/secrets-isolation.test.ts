// On the default `local` orchestrator steps share one process: a step that declares no
// secrets, running while another holds one, must see none of it — not in process.env, not
// in a child process it spawns, not in what it saves.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { Client, pipeline, step } from '../../src/index.js';
import { sdkSandbox } from './sdk-sandbox.js';

sdkSandbox('zenml-secret-isolation-');
const VALUE = `isolated-${randomUUID()}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lets the two steps meet: the snoop looks only while the holder is inside its function. */
const meeting = { holding: false, snooped: false };
async function until(condition: () => boolean): Promise<boolean> {
  for (let i = 0; i < 200 && !condition(); i++) await sleep(25);
  return condition();
}

const holder = step({ name: 'holder', enableCache: false, secrets: ['db'] }, async () => {
  meeting.holding = true;
  const sawOwn = process.env.DB_PASSWORD === VALUE;
  const met = await until(() => meeting.snooped);
  meeting.holding = false;
  return { sawOwn, met };
});
const snoop = step({ name: 'snoop', enableCache: false }, async () => {
  const met = await until(() => meeting.holding);
  const seen = {
    met,
    direct: process.env.DB_PASSWORD ?? null,
    keys: Object.keys(process.env).filter((key) => key.startsWith('DB_')),
    anyValue: Object.values(process.env).includes(VALUE) || JSON.stringify({ ...process.env }).includes(VALUE),
    child: execFileSync('sh', ['-c', 'printf %s "$DB_PASSWORD"']).toString(),
  };
  meeting.snooped = true;
  return seen;
});
const side = pipeline({ name: 'side_by_side' }, () => {
  holder();
  snoop();
});

describe('a step that declares secrets exposes them to no other step (local orchestrator)', () => {
  before(async () => {
    await new Client().createSecret('db', { password: VALUE });
  });

  test('a snooping step running alongside sees nothing, in process.env, a child process or its artifact', async () => {
    const run = await side();
    assert.equal(run.status, 'completed', run.error);
    const client = new Client();
    const held = await (await client.getArtifactVersion('side_by_side::holder::output')).load();
    assert.deepEqual(held, { sawOwn: true, met: true });
    const seen = await (await client.getArtifactVersion('side_by_side::snoop::output')).load();
    assert.deepEqual(seen, { met: true, direct: null, keys: [], anyValue: false, child: '' });
    assert.equal(process.env.DB_PASSWORD, undefined, 'never in the process environment');
  });

  test('the step itself passes its secrets to a child process it spawns', async () => {
    const spawner = step({ name: 'spawner', enableCache: false, secrets: ['db'] }, () => execFileSync('sh', ['-c', 'printf %s "$DB_PASSWORD"']).toString() === VALUE);
    const run = await pipeline({ name: 'spawning' }, () => {
      spawner();
    })();
    assert.equal(run.status, 'completed', run.error);
    assert.equal(await (await new Client().getArtifactVersion('spawning::spawner::output')).load(), true);
  });
});
