// Opening the SQLite store: migrations and the default stack under concurrent opens, a half-made
// default stack, unsupported URLs and a file that is not a database.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DEFAULT_STACK, openZenStore } from '../../src/store/open-store.js';
import type { ZenStore } from '../../src/store/zen-store.js';

const dirs: string[] = [];
const opened: ZenStore[] = [];
after(async () => {
  await Promise.all(opened.map((store) => store.close()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function freshUrl(): { url: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-open-'));
  dirs.push(dir);
  const path = join(dir, 'nested', 'zenml.db');
  return { url: `sqlite:${path}`, path };
}
async function open(url: string): Promise<ZenStore> {
  const store = await openZenStore(url);
  opened.push(store);
  return store;
}

describe('openZenStore', () => {
  test('a fresh store has exactly one default stack with a local orchestrator and artifact store', async () => {
    const store = await open(freshUrl().url);
    const stacks = await store.listStacks();
    assert.deepEqual(stacks.items.map((s) => s.name), [DEFAULT_STACK]);
    const components = await store.listStackComponents();
    assert.deepEqual(components.items.map((c) => `${c.type}/${c.name}/${c.flavor}`).sort(), ['artifact_store/default/local', 'orchestrator/default/local']);
    assert.deepEqual(Object.keys(stacks.items[0].components).sort(), ['artifact_store', 'orchestrator']);
  });

  test('several connections opening one fresh file at once all succeed and share one default stack', async () => {
    const { url } = freshUrl();
    const stores = await Promise.all(Array.from({ length: 4 }, () => open(url)));
    for (const store of stores) assert.equal((await store.getStack(DEFAULT_STACK)).name, DEFAULT_STACK);
    assert.equal((await stores[0].listStacks()).total, 1);
    assert.equal((await stores[0].listStackComponents()).total, 2);
  });

  test('reopening is idempotent; a default stack left half-made is completed from its parts', async () => {
    const { url } = freshUrl();
    const first = await open(url);
    const components = (await first.getStack(DEFAULT_STACK)).components;
    await first.deleteStack((await first.getStack(DEFAULT_STACK)).id);
    const second = await open(url);
    const stack = await second.getStack(DEFAULT_STACK);
    assert.deepEqual(stack.components, components, 'the existing default components are reused');
    assert.equal((await second.listStackComponents()).total, 2);
  });

  test('an unsupported URL is a usage error', async () => {
    await assert.rejects(openZenStore('mysql://somewhere/db'), (error: Error & { exitCode?: number }) => {
      assert.match(error.message, /store URL 'mysql:\/\/somewhere\/db' is not supported/);
      assert.equal(error.exitCode, 2);
      return true;
    });
  });

  test('a file that is not a database is a one-line error naming the file', async () => {
    const { url, path } = freshUrl();
    await open(url);
    await Promise.all(opened.splice(0).map((store) => store.close()));
    writeFileSync(path, Buffer.alloc(8192, 7));
    rmSync(`${path}-wal`, { force: true });
    rmSync(`${path}-shm`, { force: true });
    await assert.rejects(openZenStore(url), (error: Error) => {
      assert.ok(error.message.includes(path), error.message);
      assert.match(error.message, /cannot be opened/);
      assert.ok(!error.message.includes('\n'));
      return true;
    });
  });
});
