// The server serves the dashboard at / (its pages' URLs answer index.html, assets are cached
// for good, the API keeps its JSON 404s, no token needed for the page itself); the first page's
// JavaScript stays within 300 KB gzipped; `zenml show` with no server says what to do in one line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer } from '../../src/server/app.js';
import { createAuthSetup, loadServerSecretKey } from '../../src/server/auth/index.js';
import { dashboardDir } from '../../src/server/dashboard-assets.js';
import { openZenStore } from '../../src/store/open-store.js';
import { createSandbox, runCli } from '../helpers/sandbox.js';
import { firstPageJsGzipped, FIRST_PAGE_JS_BUDGET } from './first-page-size.js';

const built = dashboardDir();
const skip = built ? false : 'the dashboard is not built: run `npm run build`';
let dir: string;
let url: string;
let close: () => Promise<void>;

before(async () => {
  if (!built) return;
  dir = mkdtempSync(join(tmpdir(), 'zenml-dash-serve-'));
  const store = await openZenStore(`sqlite:${join(dir, 'zenml.db')}`);
  const app = await buildServer({ store, auth: createAuthSetup({ secretKey: await loadServerSecretKey(join(dir, 'server'), {}) }), authScheme: 'OAUTH2_PASSWORD_BEARER', secrets: { configDir: join(dir, 'server') } });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  close = async () => {
    await app.close();
    await store.close();
  };
});

after(async () => {
  await close?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the contract URLs answer the dashboard page, without a token', { skip }, async () => {
  for (const path of ['/', '/login', '/runs', '/runs/0b6d2c1e', '/pipelines/abc', '/artifacts/x', '/models/m', '/stacks', '/secrets', '/settings/members']) {
    const response = await fetch(url + path);
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/, path);
    const html = await response.text();
    assert.match(html, /<div id="root">/, path);
    assert.match(html, /<script type="module"[^>]+src="\/assets\/[^"]+\.js"/, path);
  }
});

test('assets are served with a long cache life; the API keeps its 401 and JSON 404', { skip }, async () => {
  const html = await (await fetch(`${url}/`)).text();
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
  const asset = await fetch(url + script);
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get('content-type') ?? '', /javascript/);
  assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
  assert.equal((await fetch(`${url}/assets/nope.js`)).status, 404);
  assert.equal((await fetch(`${url}/api/v1/runs`)).status, 401);
  const missing = await fetch(`${url}/api/v1/no_such_route`, { headers: { authorization: 'Bearer x' } });
  assert.ok([401, 404].includes(missing.status));
  // Not a dashboard page: the API's own answer (the auth hook asks for a token first).
  const unknown = await fetch(`${url}/no-such-page`);
  assert.ok([401, 404].includes(unknown.status));
  assert.match(unknown.headers.get('content-type') ?? '', /json/);
});

test("the first page's JavaScript is at most 300 KB gzipped", { skip }, () => {
  const { files, bytes } = firstPageJsGzipped(built!);
  assert.ok(files.length > 0);
  assert.ok(bytes <= FIRST_PAGE_JS_BUDGET, `${(bytes / 1024).toFixed(1)} KB gzipped in ${files.join(', ')}`);
  // The DAG library is not part of it: it comes with the run page.
  assert.ok(bytes < 150 * 1024, `first page ${(bytes / 1024).toFixed(1)} KB: did the run page's chunk become static?`);
});

test('`zenml show` with no server says in one line what to do', async () => {
  const sandbox = createSandbox('zenml-show-');
  try {
    const shown = await runCli(['show', '--no-browser'], { sandbox });
    assert.notEqual(shown.code, 0, shown.stdout);
    assert.match(shown.stderr, /No ZenML server to show/);
    assert.equal(shown.stdout, '');
    assert.match(shown.stderr, /zenml server start --daemon|zenml login/);
  } finally {
    sandbox.cleanup();
  }
});
