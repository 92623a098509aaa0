// Damaged config files are refused with one line naming the file and the fix, and never rewritten.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { GlobalConfig } from '../../src/config/global-config.js';
import { readServerCredentials } from '../../src/config/credentials.js';
import { readRepositoryConfig } from '../../src/config/repository.js';
import { ZenError } from '../../src/core/errors.js';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function configDir(): { env: NodeJS.ProcessEnv; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-config-damage-'));
  dirs.push(dir);
  return { dir, env: { ZENML_CONFIG_DIR: dir, USER: 'tester' } };
}

async function refused(load: () => Promise<unknown>, path: string, fix: RegExp): Promise<void> {
  await assert.rejects(load, (error: unknown) => {
    assert.ok(error instanceof ZenError, `a ZenError, got ${String(error)}`);
    assert.ok(error.message.includes(path), error.message);
    assert.match(error.message, fix);
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
}

describe('damaged global config.yaml', () => {
  for (const [label, content] of [
    ['a plain word', 'hello\n'],
    ['a list', '- a\n- b\n'],
    ['an empty (truncated) file', ''],
    ['invalid YAML', 'userId: [unclosed\n'],
  ] as const) {
    test(`${label} is refused and left untouched`, async () => {
      const { dir, env } = configDir();
      const path = join(dir, 'config.yaml');
      writeFileSync(path, content);
      await refused(() => GlobalConfig.load(env), path, /move it aside/);
      assert.equal(readFileSync(path, 'utf8'), content, 'the file is not rewritten');
    });
  }

  test('a folder where the file should be is one line, not EISDIR', async () => {
    const { dir, env } = configDir();
    const path = join(dir, 'config.yaml');
    mkdirSync(path);
    await refused(() => GlobalConfig.load(env), path, /is a folder/);
  });

  test('a valid file keeps its user id', async () => {
    const { dir, env } = configDir();
    writeFileSync(join(dir, 'config.yaml'), 'userId: 1234\nuserName: me\n');
    assert.equal(String((await GlobalConfig.load(env)).data.userId), '1234');
  });
});

describe('other config files', () => {
  test('a damaged credentials.yaml is refused with the fix', async () => {
    const { dir, env } = configDir();
    const path = join(dir, 'credentials.yaml');
    writeFileSync(path, 'hello\n');
    await refused(() => readServerCredentials('http://localhost:8237', env), path, /zenml login/);
    writeFileSync(path, 'servers: 3\n');
    await refused(() => readServerCredentials('http://localhost:8237', env), path, /zenml login/);
  });

  test('a damaged repository config is refused', async () => {
    const { dir } = configDir();
    mkdirSync(join(dir, '.zen'));
    const path = join(dir, '.zen', 'config.yaml');
    writeFileSync(path, 'hello\n');
    await refused(() => readRepositoryConfig(dir), path, /move it aside/);
    assert.equal(readFileSync(path, 'utf8'), 'hello\n');
  });
});
