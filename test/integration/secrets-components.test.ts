import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const PIPELINE = `
import { step, pipeline } from 'zenml';
const produce = step({ name: 'produce' }, () => [1, 2, 3]);
export const refs = pipeline({ name: 'refs' }, () => { produce(); });
`;

describe('{{secret.key}} in component configs', () => {
  let sandbox: Sandbox;
  let root: string;
  const cli = (...args: string[]) => runCli(args, { sandbox, env: { ZENML_SECRETS_ENCRYPTION_KEY: 'components-test' } });

  before(async () => {
    sandbox = createSandbox('zenml-secrets-components-');
    sandbox.write('refs.ts', PIPELINE);
    root = join(sandbox.dir, 'secret-artifact-root');
  });
  after(() => sandbox?.cleanup());

  test('a stack whose artifact store path is a secret reference: listed, then resolved only at run time', async () => {
    // The secret is created later (register-secrets flow), so the reference is not checked now.
    let result = await cli('artifact-store', 'register', 'vault_store', '--flavor', 'local', '--path={{store.root}}', '--secret-validation', 'none');
    assert.equal(result.code, 0, result.stderr);
    result = await cli('stack', 'register', 'sec', '-o', 'default', '-a', 'vault_store');
    assert.equal(result.code, 0, result.stderr);

    // Non-interactive register-secrets lists what is missing and creates nothing.
    result = await cli('stack', 'register-secrets', 'sec', '--json');
    assert.equal(result.code, 0, result.stderr);
    const listed = result.json();
    assert.equal(listed.missing, 1);
    assert.deepEqual(listed.references.map((r: any) => [r.componentType, r.component, r.path, r.secret, r.key, r.status]), [['artifact_store', 'vault_store', 'path', 'store', 'root', 'missing_secret']]);
    result = await cli('stack', 'register-secrets', 'sec');
    assert.match(result.stdout, /\{\{store\.root\}\}.*missing_secret/);
    assert.match(result.stdout, /1 reference\(s\) do not resolve/);

    // Without the secret, the run fails with a line naming the config key and the secret.
    result = await cli('pipeline', 'run', 'refs.ts', '--stack', 'sec');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Config key 'path' references secret 'store': No secret named 'store'/);

    result = await cli('secret', 'create', 'store', '--wrong_key=x');
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await cli('stack', 'register-secrets', 'sec', '--json')).json().references[0].status, 'missing_key');
    result = await cli('pipeline', 'run', 'refs.ts', '--stack', 'sec');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Config key 'path' references key 'root' of secret 'store', which has no such key/);

    assert.equal((await cli('secret', 'update', 'store', `--root=${root}`, '--remove-keys', 'wrong_key')).code, 0);
    assert.equal((await cli('stack', 'register-secrets', 'sec', '--json')).json().missing, 0);
    result = await cli('pipeline', 'run', 'refs.ts', '--stack', 'sec', '--json');
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.ok(existsSync(root) && readdirSync(root).length > 0, 'artifacts were written under the path the secret holds');

    // The stored config and describe keep the reference, never the resolved value.
    const described = await cli('artifact-store', 'describe', 'vault_store', '--json');
    assert.equal(described.json().config.path, '{{store.root}}');
    const stack = await cli('stack', 'describe', 'sec', '--json');
    assert.ok(stack.stdout.includes('{{store.root}}'));
    assert.ok(!stack.stdout.includes(root));
  });
});
