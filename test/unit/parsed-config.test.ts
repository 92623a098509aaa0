// The global config stays YAML; the parsed copy beside it only ever stands for the exact text it was made from.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { GlobalConfig } from '../../src/config/global-config.js';
import { parsedCopyPath } from '../../src/config/parsed-config.js';
import { readRepositoryConfig } from '../../src/config/repository.js';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function configDir(): { env: NodeJS.ProcessEnv; dir: string; path: string; copy: string } {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-parsed-config-'));
  dirs.push(dir);
  const path = join(dir, 'config.yaml');
  return { dir, path, copy: parsedCopyPath(path), env: { ZENML_CONFIG_DIR: dir, USER: 'tester' } };
}
const copyOf = (copy: string) => JSON.parse(readFileSync(copy, 'utf8')) as { text: string; value: unknown };

test('a fresh config writes its YAML and, beside it, a private parsed copy of that exact text', async () => {
  const { path, copy, env } = configDir();
  const config = await GlobalConfig.load(env);
  const text = readFileSync(path, 'utf8');
  assert.match(text, /^userId: /m, 'the file is YAML');
  assert.deepEqual(copyOf(copy), { text, value: { analyticsOptIn: false, userId: config.data.userId, userName: 'tester' } });
  assert.equal(statSync(copy).mode & 0o777, 0o600);
  assert.equal((await GlobalConfig.load(env)).data.userId, config.data.userId, 'read back from the copy');
});

test('an edit by hand is read from the YAML and the copy renewed', async () => {
  const { path, copy, env } = configDir();
  await GlobalConfig.load(env);
  writeFileSync(path, 'userId: 1234\nuserName: me\nactiveStack: edited # by hand\n');
  const config = await GlobalConfig.load(env);
  assert.equal(config.data.activeStack, 'edited');
  assert.equal(config.data.userId, 1234 as unknown as string, 'YAML types, as before');
  assert.deepEqual(copyOf(copy).value, { userId: 1234, userName: 'me', activeStack: 'edited' });
});

test('a copy of other text is never used, however it got there', async () => {
  const { path, copy, env } = configDir();
  writeFileSync(path, 'userId: abc\nactiveStack: real\n');
  writeFileSync(copy, JSON.stringify({ text: 'userId: abc\nactiveStack: stale\n', value: { userId: 'abc', activeStack: 'stale' } }));
  assert.equal((await GlobalConfig.load(env)).data.activeStack, 'real');
  writeFileSync(copy, '{ not json');
  assert.equal((await GlobalConfig.load(env)).data.activeStack, 'real');
});

test('an update renews the copy with the text it wrote', async () => {
  const { path, copy, env } = configDir();
  const config = await GlobalConfig.load(env);
  await config.update((data) => {
    data.activeStack = 'production';
  });
  assert.deepEqual(copyOf(copy), { text: readFileSync(path, 'utf8'), value: { ...config.data } });
});

test('values JSON would change (.inf, .nan) are read from the YAML each time, never copied', async () => {
  const { path, copy, env } = configDir();
  writeFileSync(path, 'userId: abc\nlimit: .inf\n');
  const config = await GlobalConfig.load(env);
  assert.equal((config.data as { limit?: number }).limit, Number.POSITIVE_INFINITY);
  assert.equal(existsSync(copy), false);
});

test('a damaged config leaves no copy, and the repository config keeps none', async () => {
  const { dir, path, copy, env } = configDir();
  writeFileSync(path, 'hello\n');
  await assert.rejects(() => GlobalConfig.load(env), /move it aside/);
  assert.equal(existsSync(copy), false);
  const repository = join(dir, 'repo');
  const repositoryConfig = join(repository, '.zen', 'config.yaml');
  mkdirSync(join(repository, '.zen'), { recursive: true });
  writeFileSync(repositoryConfig, 'activeStack: local\n');
  assert.equal((await readRepositoryConfig(repository)).data.activeStack, 'local');
  assert.equal(existsSync(parsedCopyPath(repositoryConfig)), false);
});
