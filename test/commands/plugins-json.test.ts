// `plugins install --json` prints one JSON document on stdout even when npm talks (here an
// EBADENGINE warning): npm's output goes to stderr.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createSandbox, REPO_ROOT, runCli, type Sandbox } from '../helpers/sandbox.js';

let sandbox: Sandbox;
before(() => {
  sandbox = createSandbox('zenml-plugins-json-');
});
after(() => sandbox?.cleanup());

test('plugins install --json: npm warnings go to stderr, stdout is the JSON document', async () => {
  const folder = join(sandbox.dir, 'src', 'noisy');
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'flavor-plugin-demo'), folder, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ ...manifest, engines: { node: '>=999' } }, null, 2));
  const out = join(sandbox.dir, 'tarballs');
  mkdirSync(out, { recursive: true });
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: folder, env: sandbox.env, encoding: 'utf8' }).trim().split('\n').at(-1)!;
  const installed = await runCli(['plugins', 'install', `file:${join(out, name)}`, '--json'], { sandbox });
  assert.equal(installed.code, 0, installed.stderr);
  assert.deepEqual(installed.json().added.map((p: { name: string }) => p.name), ['zenml-flavor-demo']);
  assert.match(installed.stderr, /EBADENGINE/i, 'npm warned, on stderr');
});
