// A writer killed after committing a version folder but before registering it leaves an
// orphan folder; the next run on the store sweeps it, and only it: registered versions,
// folders of live writers and folders meant for another store stay.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSandbox, type Sandbox, runScript } from '../helpers/sandbox.js';

const PIPELINE = `
import { step, pipeline } from 'zenml';
const make = step({ name: 'make' }, () => [1, 2, 3]);
export const orphan = pipeline({ name: 'orphan', enableCache: false }, () => { make(); });
const run = await orphan.withOptions({ runName: process.env.RUN_NAME })();
console.log(JSON.stringify({ status: run.status }));
`;

describe('committed but unregistered artifact folders', () => {
  let sandbox: Sandbox;
  let script: string;
  let root: string;
  const folder = () => join(root, 'orphan__make__output');
  const versionFolders = () => (existsSync(folder()) ? readdirSync(folder()).sort() : []);
  const markers = () => (existsSync(join(root, '.committed')) ? readdirSync(join(root, '.committed')) : []);
  async function registeredIds(): Promise<string[]> {
    const { Client } = await import('../../src/index.js');
    const versions = await new Client(sandbox.env).listArtifactVersions({ size: 1000 });
    return versions.items.filter((v) => v.name === 'orphan::make::output').map((v) => v.id).sort();
  }

  before(async () => {
    sandbox = createSandbox('zenml-orphans-');
    script = sandbox.write('orphan.mjs', PIPELINE);
    const first = await runScript(sandbox, script, { RUN_NAME: 'first' });
    assert.equal(first.code, 0, first.stderr);
    const { Client } = await import('../../src/index.js');
    const stack = await new Client(sandbox.env).getActiveStack();
    root = join(sandbox.configDir, 'local_stores', stack.components.artifact_store);
  });
  after(async () => {
    const { closeZenContexts } = await import('../../src/context/zen-context.js');
    await closeZenContexts();
    sandbox?.cleanup();
  });

  test('a kill between commit and registration leaves a marked orphan; the next run removes it and nothing else', async () => {
    assert.deepEqual(markers(), [], 'a finished run leaves no markers');
    const killed = await runScript(sandbox, script, { RUN_NAME: 'killed', ZENML_TEST_CRASH_AT: 'write:committed:1' });
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    const registered = await registeredIds();
    const orphans = versionFolders().filter((id) => !registered.includes(id));
    assert.equal(orphans.length, 1, 'the killed writer left one unregistered folder');
    assert.equal(markers().length, 1);
    assert.match(markers()[0], /\.log-[0-9a-f]+$/, 'a local store keeps its markers in one log per process');
    const lines = readFileSync(join(root, '.committed', markers()[0]), 'utf8').trim().split('\n');
    assert.equal(lines.length, 1, 'the log holds the one version committed before the kill');
    const { owner, id } = JSON.parse(lines[0]) as { owner: string; id: string };
    assert.equal(id, orphans[0]);

    // A writer still alive (this test process) and a folder meant for another store must be left alone.
    const host = hostname().replace(/[^A-Za-z0-9-]/g, '_');
    const mark = (pid: number, owner: string) => {
      const id = randomUUID();
      mkdirSync(join(root, 'orphan__make__output', id), { recursive: true });
      writeFileSync(join(root, '.committed', `${host}.${pid}.${id}`), JSON.stringify({ path: `orphan__make__output/${id}`, owner }));
      return id;
    };
    const live = mark(process.pid, owner);
    const foreign = mark(killedPid(), 'sqlite:/elsewhere/zenml.db');

    const next = await runScript(sandbox, script, { RUN_NAME: 'next' });
    assert.equal(next.code, 0, next.stderr);
    const left = versionFolders();
    assert.ok(!left.includes(orphans[0]), 'the orphan folder is swept');
    for (const id of await registeredIds()) assert.ok(left.includes(id), `registered version ${id} stays`);
    assert.ok(left.includes(live), "a live writer's folder stays");
    assert.ok(left.includes(foreign), "another store's folder stays");
    assert.equal(markers().length, 2, 'only the live and foreign markers remain');
  });

  test("a dead writer's marker log: only its unsettled, unregistered versions go; the log goes unless it holds another store's", async () => {
    const host = hostname().replace(/[^A-Za-z0-9-]/g, '_');
    const { Client } = await import('../../src/index.js');
    const owner = (await new Client(sandbox.env).context()).store.url;
    const [registered] = await registeredIds();
    const folderOf = (id: string) => `orphan__make__output/${id}`;
    const made = () => {
      const id = randomUUID();
      mkdirSync(join(root, folderOf(id)), { recursive: true });
      return id;
    };
    const settled = made();
    const unregistered = made();
    const line = (id: string, forStore = owner) => JSON.stringify({ id, path: folderOf(id), owner: forStore });
    const log = `${host}.${killedPid()}.log-0123456789ab`;
    // The last line was cut short by the kill.
    writeFileSync(join(root, '.committed', log), [line(settled), line(unregistered), line(registered), JSON.stringify({ settled: [settled] }), '{"id":"'].join('\n'));
    const foreignId = made();
    const foreignLog = `${host}.${killedPid()}.log-ba9876543210`;
    writeFileSync(join(root, '.committed', foreignLog), `${line(foreignId, 'sqlite:/elsewhere/zenml.db')}\n`);

    const next = await runScript(sandbox, script, { RUN_NAME: 'after-log' });
    assert.equal(next.code, 0, next.stderr);
    const left = versionFolders();
    assert.ok(!left.includes(unregistered), 'the unsettled, unregistered folder is swept');
    assert.ok(left.includes(settled), 'a settled version is left alone');
    assert.ok(left.includes(registered), 'a registered version stays');
    assert.ok(left.includes(foreignId), "another store's version stays");
    assert.ok(!markers().includes(log), 'the swept log is removed');
    assert.ok(markers().includes(foreignLog), "a log holding another store's version stays for that store");
  });

  test('a kill after registration but before the marker is cleared keeps the registered folder', async () => {
    const killed = await runScript(sandbox, script, { RUN_NAME: 'late-kill', ZENML_TEST_CRASH_AT: 'step:completed:1' });
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    const registered = await registeredIds();
    const next = await runScript(sandbox, script, { RUN_NAME: 'after-late-kill' });
    assert.equal(next.code, 0, next.stderr);
    const left = versionFolders();
    for (const id of registered) assert.ok(left.includes(id), `registered version ${id} stays`);
    const { Client } = await import('../../src/index.js');
    const client = new Client(sandbox.env);
    for (const version of (await client.listArtifactVersions({ size: 1000 })).items.filter((v) => v.name === 'orphan::make::output')) {
      assert.deepEqual(await version.load(), [1, 2, 3]);
    }
  });
});

/** A pid that is certainly dead: a child that has exited. */
function killedPid(): number {
  const child = spawn(process.execPath, ['-e', '0']);
  const pid = child.pid!;
  child.kill('SIGKILL');
  return pid;
}
