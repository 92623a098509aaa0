// Group commit of the SQLite store (src/store/sql/commit-groups.ts), and its statements compiled
// once (precompiled.ts). Group commit: what another connection
// sees of grouped writes, and when. The reader is a second better-sqlite3 connection to the
// same file, as another process would be: it sees committed data only.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Sqlite from 'better-sqlite3';
import { sql } from '../../src/vendor/kysely.js';
import { afterGroupCommit, flushGroup, groupedWrites, MAX_GROUP_MS } from '../../src/store/sql/commit-groups.js';
import { openSqlite, writeTransaction, writeTransactionNow, type Db, type DbOrTx } from '../../src/store/sql/database.js';
import { objectFactory, rowFactory } from '../../src/store/sql/direct-statements.js';
import { precompiled } from '../../src/store/sql/precompiled.js';

let dir: string;
let db: Db;
let reader: Sqlite.Database;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zenml-commit-groups-'));
  db = await openSqlite(join(dir, 'zenml.db'));
  await writeTransaction(db, (tx) => sql`create table notes (text text not null)`.execute(tx));
  reader = new Sqlite(join(dir, 'zenml.db'), { readonly: true });
});
after(async () => {
  reader.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (text: string) => writeTransaction(db, (tx) => sql`insert into notes (text) values (${text})`.execute(tx));
/** The notes another connection sees, in insertion order. */
const committed = () => (reader.prepare('select text from notes order by rowid').all() as Array<{ text: string }>).map((row) => row.text);
const reset = () => writeTransaction(db, (tx) => sql`delete from notes`.execute(tx));

describe('commit groups (SQLite)', () => {
  test('grouped writes stay invisible to other connections until the group is flushed', async () => {
    await reset();
    await groupedWrites(db, async () => {
      await insert('a');
      await insert('b');
      assert.deepEqual(committed(), []);
      await flushGroup(db);
      assert.deepEqual(committed(), ['a', 'b']);
    });
  });

  test(`an open group commits by itself within ${MAX_GROUP_MS} ms`, async () => {
    await reset();
    await groupedWrites(db, async () => {
      await insert('late');
      assert.deepEqual(committed(), []);
      await new Promise((resolve) => setTimeout(resolve, MAX_GROUP_MS * 4));
      assert.deepEqual(committed(), ['late']);
    });
  });

  test("a write outside the group commits the group's writes first, then its own", async () => {
    await reset();
    let release!: () => void;
    let written!: () => void;
    const groupWrote = new Promise<void>((resolve) => (written = resolve));
    const group = groupedWrites(db, async () => {
      await insert('grouped');
      written();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await groupWrote;
    assert.deepEqual(committed(), [], 'the group is still open');
    // Not in the group's async flow: a transaction of its own, which cannot open inside the group's.
    await insert('outside');
    assert.deepEqual(committed(), ['grouped', 'outside']);
    release();
    await group;
  });

  test('a failed write rolls back its own savepoint only', async () => {
    await reset();
    await groupedWrites(db, async () => {
      await insert('kept');
      await assert.rejects(
        writeTransaction(db, async (tx) => {
          await sql`insert into notes (text) values ('undone')`.execute(tx);
          throw new Error('step failed');
        }),
        /step failed/,
      );
      await flushGroup(db);
    });
    assert.deepEqual(committed(), ['kept']);
  });

  test('work waiting for the commit runs only once the writes are committed', async () => {
    await reset();
    const seenByWork: string[][] = [];
    await groupedWrites(db, async () => {
      await insert('registered');
      await afterGroupCommit(db, () => seenByWork.push(committed()));
      await new Promise((resolve) => setImmediate(resolve));
      // On a loaded machine the group's timer (MAX_GROUP_MS) may have committed it already:
      // then the work has run, after that commit. Before any commit it must not have.
      assert.deepEqual(seenByWork, committed().length === 0 ? [] : [['registered']], 'not before the commit');
      await flushGroup(db);
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(seenByWork, [['registered']]);
  });

  test('outside a group every write commits at once', async () => {
    await reset();
    await insert('alone');
    assert.deepEqual(committed(), ['alone']);
  });
});

describe('writes done at once (writeTransactionNow)', () => {
  const insertNow = precompiled((tx: DbOrTx, p: { text: string }) => tx.insertInto('notes' as never).values({ text: p.text } as never));
  const notesNow = precompiled((tx: DbOrTx, _p: { none?: string }) => tx.selectFrom('notes' as never).select('text' as never));

  test("in a group, with the file's turn and the connection free: done at once, as a savepoint of the group", async () => {
    await reset();
    await groupedWrites(db, async () => {
      await insert('before');
      const done = writeTransactionNow(db, (tx) => {
        insertNow.now(tx, { text: 'now' });
        return (notesNow.now(tx, {}) as Array<{ text: string }>).map((row) => row.text);
      });
      assert.deepEqual(done, { value: ['before', 'now'] }, 'it sees the group and its own write');
      assert.deepEqual(committed(), [], 'committed with the group, not before');
      await flushGroup(db);
    });
    assert.deepEqual(committed(), ['before', 'now']);
  });

  test('a failed write done at once rolls back its own savepoint only, and the next one still runs at once', async () => {
    await reset();
    await groupedWrites(db, async () => {
      await insert('kept');
      assert.throws(
        () =>
          writeTransactionNow(db, (tx) => {
            insertNow.now(tx, { text: 'undone' });
            throw new Error('check failed');
          }),
        /check failed/,
      );
      assert.ok(writeTransactionNow(db, (tx) => insertNow.now(tx, { text: 'after' })), 'the connection and the turn were given back');
      await flushGroup(db);
    });
    assert.deepEqual(committed(), ['kept', 'after']);
  });

  test('self-atomic work done at once takes no savepoint: what it leaves on failure stays in the group', async () => {
    await reset();
    await groupedWrites(db, async () => {
      await insert('before');
      assert.ok(writeTransactionNow(db, (tx) => insertNow.now(tx, { text: 'whole' }), { selfAtomic: true }), 'done at once');
      // Work marked self-atomic must undo its own writes: here it does not, to show that nothing else does.
      const failsLate = (tx: DbOrTx) => {
        insertNow.now(tx, { text: 'left' });
        throw new Error('late failure');
      };
      assert.throws(() => writeTransactionNow(db, failsLate, { selfAtomic: true }), /late failure/);
      assert.throws(() => writeTransactionNow(db, (tx) => insertNow.now(tx, { text: null as unknown as string }), { selfAtomic: true }), /NOT NULL/, 'a failed statement undoes itself');
      assert.deepEqual(committed(), [], 'committed with the group, not before');
      await flushGroup(db);
    });
    assert.deepEqual(committed(), ['before', 'whole', 'left']);
  });

  test('outside a group, or while another write holds the turn, nothing is done: the caller writes as usual', async () => {
    await reset();
    assert.equal(writeTransactionNow(db, (tx) => insertNow.now(tx, { text: 'ungrouped' })), undefined);
    await groupedWrites(db, async () => {
      let release!: () => void;
      const holding = writeTransaction(db, () => new Promise<void>((resolve) => (release = resolve)));
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(writeTransactionNow(db, (tx) => insertNow.now(tx, { text: 'while held' })), undefined);
      release();
      await holding;
      assert.ok(writeTransactionNow(db, (tx) => insertNow.now(tx, { text: 'once free' })));
      await flushGroup(db);
    });
    assert.deepEqual(committed(), ['once free']);
  });

  test('a statement run now outside a write transaction that owns its connection is refused', () => {
    assert.throws(() => insertNow.now(db, { text: 'stray' }), /needs a SQLite connection its write transaction owns/);
  });

  test('rows read at once are the objects kysely reads, and the shared statement still gives kysely objects', async () => {
    await reset();
    await insert('x');
    // Two columns of one name: the last wins, as in a row object of better-sqlite3's.
    const pair = precompiled((tx: DbOrTx, p: { text: string }) => tx.selectFrom('notes' as never).select([sql<string>`text`.as('text'), sql<string>`${p.text}`.as('label'), sql<string>`'last'`.as('label')] as never));
    const throughKysely = await pair(db, { text: 'first' });
    let readNow: unknown;
    await groupedWrites(db, async () => {
      readNow = writeTransactionNow(db, (tx) => pair.now(tx, { text: 'first' }))?.value;
      await flushGroup(db);
    });
    assert.deepEqual(throughKysely, [{ text: 'x', label: 'last' }]);
    assert.deepEqual(readNow, throughKysely);
    assert.deepEqual(await pair(db, { text: 'first' }), throughKysely, 'the statement is back in object mode for kysely');
  });

  test('a row is built with every column name as a plain key, whatever its characters', () => {
    const names = ['id', 'it\'s', 'a "quoted" name', 'back\\slash', 'line\nbreak', 'id'];
    const row = rowFactory(names)([1, 2, 3, 4, 5, 6]);
    assert.deepEqual(row, { id: 6, "it's": 2, 'a "quoted" name': 3, 'back\\slash': 4, 'line\nbreak': 5 });
    assert.deepEqual(Object.keys(rowFactory(['b', 'a'])(['x', 'y'])), ['b', 'a'], 'in the order of the columns');
    const renamed = objectFactory<Record<string, unknown>>([['name', 'artifact_name'], ['id', 'version_id'], ['quote"d', 'it\'s']]);
    assert.deepEqual(renamed({ artifact_name: 'a', version_id: 'v', "it's": 1, other: 2 }), { name: 'a', id: 'v', 'quote"d': 1 }, 'properties read by key');
  });
});

describe('statements compiled once (precompiled.ts)', () => {
  const echo = precompiled((db: DbOrTx, p: { text: string; count: number | undefined }) =>
    db.selectNoFrom((eb) => [eb.val(p.text).as('text'), eb.val(p.count).as('count'), eb.lit(7).as('fixed')]),
  );

  test('each run takes its own values; literals stay; a missing value is null', async () => {
    assert.deepEqual(await echo(db, { text: 'first', count: 1 }), [{ text: 'first', count: 1, fixed: 7 }]);
    assert.deepEqual(await echo(db, { text: 'second', count: undefined }), [{ text: 'second', count: null, fixed: 7 }]);
    assert.deepEqual(await echo(db, { text: 'third', count: 3 }), [{ text: 'third', count: 3, fixed: 7 }]);
  });
});
