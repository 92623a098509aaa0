// Secret create + get round trip through the SDK's secrets manager: the sql backend
// (AES-256-GCM in the SQLite store) against the same insert + select of the plain JSON on
// raw better-sqlite3, and the keychain backend (gnome-keyring over D-Bus) against raw keytar
// calls. The keychain rows need a D-Bus session with an unlocked keyring:
//   HOME=$(mktemp -d) dbus-run-session -- sh -c 'echo pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npm run bench -- secrets'
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { interleavedMedians } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const SCENARIO = 'secrets-roundtrip';
const RUNS = 200;
const KEYCHAIN_RUNS = 50;
const VALUES = { user: 'bench-user', password: 'x'.repeat(32), host: 'db.internal', port: '5432' };

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox({ apply: true });
  process.env.ZENML_SECRETS_ENCRYPTION_KEY = 'bench-key';
  try {
    const { getZenContext, closeZenContexts } = await import('../../src/context/zen-context.js');
    const { secretsManager } = await import('../../src/secrets/secrets-manager.js');
    const context = await getZenContext();
    const manager = secretsManager(context);
    await manager.create('warmup', VALUES);

    const { default: Sqlite } = await import('better-sqlite3');
    const raw = new Sqlite(join(sandbox.dir, 'raw.db'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.exec('create table secrets (id text primary key, name text unique, value text)');
    const insert = raw.prepare('insert into secrets values (?, ?, ?)');
    const select = raw.prepare('select value from secrets where name = ?');

    let n = 0;
    const sql = await interleavedMedians(RUNS, {
      zenml: async () => {
        const name = `s${n++}`;
        await manager.create(name, VALUES);
        await manager.getValues(name);
      },
      raw: () => {
        const name = `r${n++}`;
        insert.run(randomUUID(), name, JSON.stringify(VALUES));
        JSON.parse((select.get(name) as { value: string }).value);
      },
    });
    const results = [
      result({
        scenario: SCENARIO,
        metric: `sql backend: create + get values, median of ${RUNS}`,
        value: sql.zenml,
        unit: 'ms',
        floor: { name: 'raw better-sqlite3 insert + select of the plain JSON', value: sql.raw },
        target: '≤ 5 ms per round trip',
        pass: sql.zenml <= 5,
        note: 'zenml does more than the floor: a name check, AES-256-GCM sealing bound to the secret id, a write transaction, a metadata read, and decryption. Keychain rows appear only when the scenario runs inside a D-Bus session with an unlocked gnome-keyring.',
      }),
    ];

    const { keychainProblem, loadKeytar, KEYCHAIN_SERVICE } = await import('../../src/secrets/keychain.js');
    if (!(await keychainProblem())) {
      await context.config.update((data) => {
        data.secrets = { backend: 'keychain' };
      });
      const keytar = await loadKeytar();
      const created: string[] = [];
      const rawAccounts: string[] = [];
      const keychain = await interleavedMedians(KEYCHAIN_RUNS, {
        zenml: async () => {
          const name = `k${n++}`;
          created.push(name);
          await manager.create(name, VALUES);
          await manager.getValues(name);
        },
        raw: async () => {
          const account = `bench-raw-${n++}`;
          rawAccounts.push(account);
          await keytar.setPassword(KEYCHAIN_SERVICE, account, JSON.stringify(VALUES));
          JSON.parse((await keytar.getPassword(KEYCHAIN_SERVICE, account))!);
        },
      });
      for (const name of created) await manager.delete(name);
      for (const account of rawAccounts) await keytar.deletePassword(KEYCHAIN_SERVICE, account);
      results.push(
        result({
          scenario: SCENARIO,
          metric: `keychain backend: create + get values, median of ${KEYCHAIN_RUNS}`,
          value: keychain.zenml,
          unit: 'ms',
          floor: { name: 'raw keytar setPassword + getPassword', value: keychain.raw },
          target: '≤ 2× raw keytar',
          pass: keychain.zenml <= 2 * keychain.raw,
        }),
      );
    }
    raw.close();
    await closeZenContexts();
    return results;
  } finally {
    delete process.env.ZENML_SECRETS_ENCRYPTION_KEY;
    sandbox.dispose();
  }
}
