// Eight clients running pipelines at once through one server over PostgreSQL (issue 11): no
// errors, every run complete with each step once, artifact versions unique and gap-free.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildServer } from '../../src/server/app.js';
import { createAuthSetup } from '../../src/server/auth/index.js';
import { openZenStore } from '../../src/store/open-store.js';
import type { ZenStore } from '../../src/store/zen-store.js';
import { chainPipelineScript, runNodeScript } from '../helpers/chain-pipeline.js';
import { testPostgres } from '../helpers/postgres.js';
import { createSandbox, type Sandbox } from '../helpers/sandbox.js';

const CLIENTS = 8;
const STEPS = 10;
const { gate, server: postgres } = await testPostgres();

describe('eight clients through one server on PostgreSQL', gate, () => {
  let backend: ZenStore;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let url: string;
  let apiKey: string;
  let sandbox: Sandbox;

  before(async () => {
    backend = await openZenStore(await postgres!.freshDatabaseUrl());
    app = await buildServer({ store: backend, auth: createAuthSetup({ secretKey: new TextEncoder().encode('k'.repeat(64)) }) });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
    const account = await backend.createUser({ name: 'ci', isServiceAccount: true });
    apiKey = (await backend.createApiKey(account.id, { name: 'load' })).key;
    sandbox = createSandbox('zenml-server-pg-');
    sandbox.write('chain.mjs', chainPipelineScript(STEPS));
  });

  after(async () => {
    await app?.close();
    await backend?.close();
    sandbox?.cleanup();
  });

  test(`${CLIENTS} processes each run a ${STEPS}-step pipeline through the server: 0 errors`, async () => {
    const env = { ZENML_STORE_URL: url, ZENML_STORE_API_KEY: apiKey };
    const results = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => runNodeScript(sandbox, 'chain.mjs', { ...env, SEED: String(i + 1) })));
    for (const [i, result] of results.entries()) assert.equal(result.code, 0, `client ${i + 1}: ${result.stderr}`);

    const runs = await backend.listRuns({ pipeline: 'chain', size: 100 });
    assert.equal(runs.total, CLIENTS);
    for (const run of runs.items) {
      assert.equal(run.status, 'completed', run.name);
      const steps = await backend.listStepRuns(run.id);
      assert.equal(steps.length, STEPS, `${run.name} has each step once`);
      assert.ok(steps.every((step) => step.status === 'completed'));
    }
    // Every step output is a version of one artifact per step name: numbers 1..CLIENTS, no gaps, no duplicates.
    const versions = await backend.listArtifactVersions({ name: 'startswith:chain::', size: 1000 });
    const byArtifact = new Map<string, number[]>();
    for (const version of versions.items) byArtifact.set(version.name, [...(byArtifact.get(version.name) ?? []), Number(version.version)]);
    assert.ok(byArtifact.size > 0);
    for (const [name, numbers] of byArtifact) assert.deepEqual(numbers.sort((a, b) => a - b), Array.from({ length: CLIENTS }, (_, i) => i + 1), name);
  });
});
