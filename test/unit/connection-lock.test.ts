// The queue for a SQLite database's one connection (src/store/sql/connection-lock.ts), shared
// by kysely's driver and the store's write transactions, which take a free connection at once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from '../../src/vendor/kysely.js';
import { ConnectionLock } from '../../src/store/sql/connection-lock.js';
import { groupedWrites } from '../../src/store/sql/commit-groups.js';
import { openSqlite, writeTransaction, type Db } from '../../src/store/sql/database.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('ConnectionLock', () => {
  test('one holder at a time; waiters are served in the order they came', async () => {
    const lock = new ConnectionLock();
    assert.equal(lock.tryAcquire(), true);
    assert.equal(lock.tryAcquire(), false);
    const served: string[] = [];
    const first = lock.acquire().then(() => served.push('first'));
    const second = lock.acquire().then(() => served.push('second'));
    lock.release();
    await first;
    assert.deepEqual(served, ['first']);
    // Handed over, not freed: nobody can jump the queue while 'second' waits.
    assert.equal(lock.tryAcquire(), false);
    lock.release();
    await second;
    assert.deepEqual(served, ['first', 'second']);
    lock.release();
    assert.equal(lock.tryAcquire(), true);
  });
});

describe('SQLite connection shared by reads and write transactions', () => {
  let dir: string;
  let db: Db;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zenml-connection-lock-'));
    db = await openSqlite(join(dir, 'zenml.db'));
    await writeTransaction(db, (tx) => sql`create table notes (text text not null)`.execute(tx));
  });
  after(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = async () => Number((await sql<{ n: number }>`select count(*) as n from notes`.execute(db)).rows[0].n);

  for (const grouped of [false, true]) {
    test(`a read waits for a ${grouped ? 'grouped ' : ''}write transaction in flight, never seeing half of it`, async () => {
      await writeTransaction(db, (tx) => sql`delete from notes`.execute(tx));
      let readDuringWrite: Promise<number> | undefined;
      const write = () =>
        writeTransaction(db, async (tx) => {
          await sql`insert into notes (text) values ('a')`.execute(tx);
          // Another async flow reads while the transaction holds the connection between two statements.
          readDuringWrite = count();
          await tick();
          await sql`insert into notes (text) values ('b')`.execute(tx);
        });
      await (grouped ? groupedWrites(db, write) : write());
      assert.equal(await readDuringWrite, 2);
    });
  }

  test('write transactions queued behind a read run one after another, each whole', async () => {
    await writeTransaction(db, (tx) => sql`delete from notes`.execute(tx));
    const order: string[] = [];
    const writer = (name: string) =>
      writeTransaction(db, async (tx) => {
        order.push(`${name}:begin`);
        await sql`insert into notes (text) values (${name})`.execute(tx);
        await tick();
        order.push(`${name}:end`);
      });
    await Promise.all([count(), writer('x'), writer('y'), count()]);
    assert.deepEqual(order, ['x:begin', 'x:end', 'y:begin', 'y:end']);
    assert.equal(await count(), 2);
  });
});
