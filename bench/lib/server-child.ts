// A server process for bench/scenarios/server-load: `zenml <db>` serves the ZenML API over a
// SQLite store seeded with runs; `floor` serves a bare fastify hello route. Prints its URL.
import Fastify from 'fastify';

const [mode, database, runCount] = process.argv.slice(2);

if (mode === 'floor') {
  const app = Fastify();
  app.get('/hello', async () => ({ hello: 'world' }));
  console.log(`URL ${await app.listen({ host: '127.0.0.1', port: 0 })}`);
} else {
  const { openZenStore } = await import('../../src/store/open-store.js');
  const { buildServer } = await import('../../src/server/app.js');
  const store = await openZenStore(database);
  const pipeline = await store.getOrCreatePipeline('load');
  const snapshot = await store.createSnapshot({ pipelineId: pipeline.id, spec: { steps: [{ id: 'train', upstream: [] }] } });
  for (let i = 0; i < Number(runCount); i++) {
    const run = await store.createRun({ name: `load-${i}`, pipelineId: pipeline.id, snapshotId: snapshot.id, config: { parameters: { i, lr: 0.01 } }, tags: i % 3 ? [] : ['nightly'] });
    await store.updateRun(run.id, { status: 'completed', started: run.created, ended: new Date().toISOString() });
  }
  const app = await buildServer({ store, logger: { level: 'warn' } });
  console.log(`URL ${await app.listen({ host: '127.0.0.1', port: 0 })}`);
}
