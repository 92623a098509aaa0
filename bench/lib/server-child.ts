// A server process for bench/scenarios/server-load: `zenml <database> <runs>` serves the ZenML
// API over a store (sqlite:PATH or postgresql://...) seeded with runs, with authentication on
// as `zenml server start` runs it, and prints its URL and a bearer token from one login;
// `floor` serves a bare fastify hello route. Prints `URL ...` (and `TOKEN ...`).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';

const [mode, database, runCount] = process.argv.slice(2);
const PASSWORD = 'bench-password';

if (mode === 'floor') {
  const app = Fastify();
  app.get('/hello', async () => ({ hello: 'world' }));
  console.log(`URL ${await app.listen({ host: '127.0.0.1', port: 0 })}`);
} else {
  const { openZenStore } = await import('../../src/store/open-store.js');
  const { buildServer } = await import('../../src/server/app.js');
  const { createAuthSetup, ensureDefaultUser, loadServerSecretKey } = await import('../../src/server/auth/index.js');
  const { requestToken } = await import('../../src/config/server-login.js');
  const store = await openZenStore(database);
  const pipeline = await store.getOrCreatePipeline('load');
  const snapshot = await store.createSnapshot({ pipelineId: pipeline.id, spec: { steps: [{ id: 'train', upstream: [] }] } });
  for (let i = 0; i < Number(runCount); i++) {
    const run = await store.createRun({ name: `load-${i}`, pipelineId: pipeline.id, snapshotId: snapshot.id, config: { parameters: { i, lr: 0.01 } }, tags: i % 3 ? [] : ['nightly'] });
    await store.updateRun(run.id, { status: 'completed', started: run.created, ended: new Date().toISOString() });
  }
  const serverDir = mkdtempSync(join(tmpdir(), 'zenml-bench-server-'));
  const env = { ...process.env, ZENML_DEFAULT_USER_PASSWORD: PASSWORD };
  await ensureDefaultUser(store, { serverDir, env, print: () => undefined });
  const app = await buildServer({
    store,
    auth: createAuthSetup({ secretKey: await loadServerSecretKey(serverDir, env), env }),
    authScheme: 'OAUTH2_PASSWORD_BEARER',
    secrets: { configDir: serverDir },
    logger: { level: 'warn' },
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const { accessToken } = await requestToken(url, { username: 'default', password: PASSWORD });
  console.log(`TOKEN ${accessToken}`);
  console.log(`URL ${url}`);
  // A clean exit on SIGTERM (a --cpu-prof profile is written then).
  process.once('SIGTERM', () => void app.close().then(() => store.close()).then(() => process.exit(0)));
}
