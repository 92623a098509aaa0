// GET /api/v1/artifact_versions/{id}/visualize over a real server with auth, on the SQLite
// store and local artifact store the SDK wrote to: text and image answers, the index, the
// size cap, a refusal without a token, and another project's version.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { BaseMaterializer, saveArtifact, type ArtifactFiles, type Visualization } from '../../src/index.js';
import type { ArtifactVersion } from '../../src/artifacts/artifact-version.js';
import { openZenStore } from '../../src/store/open-store.js';
import type { ZenStore } from '../../src/store/zen-store.js';
import { defaultStorePath } from '../../src/config/paths.js';
import { buildServer } from '../../src/server/app.js';
import { createAuthSetup, loadServerSecretKey } from '../../src/server/auth/index.js';
import { sdkSandbox } from '../integration/sdk-sandbox.js';

const box = sdkSandbox('zenml-viz-route-');
const PASSWORD = 'viz-route-pw-123456';

/** Writes an HTML page just over the 10 MiB the route reads at once. */
class HugeHtmlMaterializer extends BaseMaterializer<string> {
  readonly id = 'test.huge_html';
  canHandle(value: unknown): boolean {
    return typeof value === 'string';
  }
  async save(value: string, files: ArtifactFiles): Promise<void> {
    await files.writeFile('data.txt', value);
  }
  async load(files: ArtifactFiles): Promise<string> {
    return (await files.readFile('data.txt')).toString('utf8');
  }
  async saveVisualizations(_value: string, files: ArtifactFiles): Promise<Visualization[]> {
    await files.writeFile('page.html', `<p>${'x'.repeat(10 * 1024 * 1024)}</p>`);
    return [{ type: 'html', file: 'page.html' }];
  }
}

let backend: ZenStore;
let app: FastifyInstance;
let token: string;
let series: ArtifactVersion;
let nothing: ArtifactVersion;
let huge: ArtifactVersion;
let otherProjectVersionId: string;

before(async () => {
  series = await saveArtifact([3, 1, 4, 1, 5, 9, 2, 6], 'scores');
  nothing = await saveArtifact(null, 'nothing');
  huge = await saveArtifact('page', 'huge-page', { materializer: new HugeHtmlMaterializer() });

  // The server runs on the database the SDK wrote to, as `zenml server start` would for this user.
  backend = await openZenStore(`sqlite:${defaultStorePath()}`);
  await backend.createUser({ name: 'ada', password: PASSWORD });
  await backend.createProject({ name: 'elsewhere' });
  const inOther = await backend.withScope({ project: 'elsewhere' }).createArtifactVersion({
    id: randomUUID(),
    name: 'hidden',
    uri: series.uri,
    artifactStoreId: series.artifactStoreId,
    materializer: series.materializer,
    dataType: series.dataType,
    type: 'data',
    visualizations: series.visualizations,
  });
  otherProjectVersionId = inOther.id;
  const serverDir = join(box.sandbox.dir, 'server');
  const secretKey = await loadServerSecretKey(serverDir, {});
  app = await buildServer({ store: backend, auth: createAuthSetup({ secretKey, env: {} }), secrets: { configDir: serverDir } });
  await app.ready();
  const login = await app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'ada', password: PASSWORD } });
  assert.equal(login.statusCode, 200, login.body);
  token = login.json().access_token;
});

after(async () => {
  await app?.close();
  await backend?.close();
});

async function visualize(id: string, query = '', headers: Record<string, string> = { authorization: `Bearer ${token}` }) {
  const response = await app.inject({ method: 'GET', url: `/api/v1/artifact_versions/${id}/visualize${query}`, headers });
  return { status: response.statusCode, body: response.json(), contentType: response.headers['content-type'] };
}

test('index 0 (the default) is the JSON text; index 1 the chart as an SVG data URL', async () => {
  const json = await visualize(series.id);
  assert.equal(json.status, 200);
  assert.deepEqual(json.body, { type: 'json', value: `${JSON.stringify([3, 1, 4, 1, 5, 9, 2, 6], null, 2)}\n` });
  assert.equal(json.contentType, 'application/json; charset=utf-8');
  const chart = await visualize(series.id, '?index=1');
  assert.equal(chart.status, 200);
  assert.equal(chart.body.type, 'image');
  assert.match(chart.body.value, /^data:image\/svg\+xml;base64,/);
  assert.match(Buffer.from(chart.body.value.slice(chart.body.value.indexOf(',') + 1), 'base64').toString('utf8'), /^<svg [^>]*role="img"/);
});

test('an index out of range is a 400, a version without visualizations a 404, each with one line saying why', async () => {
  const out = await visualize(series.id, '?index=2');
  assert.equal(out.status, 400);
  assert.match(out.body.message, /Artifact 'scores' version 1 has 2 visualizations \(0: json preview\.json, 1: image chart\.svg\); there is no index 2\./);
  assert.equal((await visualize(series.id, '?index=-1')).status, 400);
  const none = await visualize(nothing.id);
  assert.equal(none.status, 404);
  assert.match(none.body.message, /Artifact 'nothing' version 1 has no visualizations\./);
  assert.equal((await visualize(randomUUID())).status, 404);
});

test('a file over 10 MiB is a 413 that says how to get it', async () => {
  const tooBig = await visualize(huge.id);
  assert.equal(tooBig.status, 413);
  assert.match(tooBig.body.message, /Visualization 0 of Artifact 'huge-page' version 1 \(html, page\.html\) is 10\.0 MiB, over the 10\.0 MiB that is read at once\. Save it to a file instead: zenml artifact visualize/);
});

test('without a token: 401; another project\'s version: 404 unless the request works in that project', async () => {
  assert.equal((await visualize(series.id, '', {})).status, 401);
  assert.equal((await visualize(series.id, '', { authorization: 'Bearer not-a-token' })).status, 401);
  assert.equal((await visualize(otherProjectVersionId)).status, 404);
  const inProject = await visualize(otherProjectVersionId, '', { authorization: `Bearer ${token}`, 'x-zenml-project': 'elsewhere' });
  assert.equal(inProject.status, 200, JSON.stringify(inProject.body));
  assert.equal(inProject.body.type, 'json');
  assert.equal((await visualize(otherProjectVersionId, '?project=elsewhere&index=1')).body.type, 'image');
});

test('the route is in the OpenAPI document', async () => {
  const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  const route = doc.paths['/api/v1/artifact_versions/{id}/visualize']?.get;
  assert.ok(route, 'documented');
  assert.equal(route.operationId, 'visualizeArtifactVersion');
  assert.deepEqual(route.responses['200'].content['application/json'].schema.properties.type.enum, ['markdown', 'csv', 'text', 'html', 'json', 'image']);
});
