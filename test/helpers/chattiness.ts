// How many HTTP requests one pipeline run costs through a ZenML server: a real server in this
// process (auth on, SQLite behind it), a client that logged in once with the default user's
// password, and a chain pipeline of N steps run in this process through the REST store. The
// server counts every request it answers (an onRequest hook) while the run is in flight.
// Shared by test/integration/server-chattiness.test.ts and bench/scenarios/server-chattiness.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';

export interface RequestCount {
  total: number;
  /**
   * Of those, the launcher's time-based calls (a stop poll, GET /runs/:id, or a heartbeat,
   * PUT /runs/:id with only a heartbeat): one per tick of run time, whatever the step count.
   */
  periodic: number;
  /** Wall time of the run, ms. */
  durationMs: number;
  /** `METHOD /route` → requests, for the report. */
  byRoute: Record<string, number>;
}

export interface ChattinessRig {
  /** Runs a fresh chain pipeline of `steps` steps and counts the requests it made. */
  countRun(steps: number, options: { enableCache: boolean; runName: string; seed?: number }): Promise<RequestCount & { status: string; cachedSteps: number }>;
  close(): Promise<void>;
}

const PASSWORD = 'chattiness-test-password';

export async function chattinessRig(): Promise<ChattinessRig> {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-chattiness-'));
  const saved = { ...process.env };
  const serverEnv = { ...process.env, ZENML_DEFAULT_USER_PASSWORD: PASSWORD, ZENML_CONFIG_DIR: join(dir, 'server-config') };
  const { openZenStore } = await import('../../src/store/open-store.js');
  const { buildServer } = await import('../../src/server/app.js');
  const { createAuthSetup, ensureDefaultUser, loadServerSecretKey } = await import('../../src/server/auth/index.js');
  const backend = await openZenStore(`sqlite:${join(dir, 'server.db')}`);
  const serverDir = join(dir, 'server');
  await ensureDefaultUser(backend, { serverDir, env: serverEnv, print: () => undefined });
  const app: FastifyInstance = await buildServer({ store: backend, auth: createAuthSetup({ secretKey: await loadServerSecretKey(serverDir, serverEnv), env: serverEnv }), secrets: { configDir: serverDir } });
  let counting: RequestCount | undefined;
  app.addHook('onResponse', async (request) => {
    if (!counting) return;
    const route = request.routeOptions.url ?? request.url;
    const key = `${request.method} ${route}`;
    counting.total += 1;
    counting.byRoute[key] = (counting.byRoute[key] ?? 0) + 1;
    const body = request.body as Record<string, unknown> | undefined;
    const heartbeat = request.method === 'PUT' && route === '/api/v1/runs/:id' && body !== undefined && Object.keys(body).join() === 'heartbeat';
    if (heartbeat || key === 'GET /api/v1/runs/:nameOrId') counting.periodic += 1;
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });

  // The client: its own config dir, the server as its store, a token from one login.
  const { requestToken } = await import('../../src/config/server-login.js');
  const { accessToken } = await requestToken(url, { username: 'default', password: PASSWORD });
  Object.assign(process.env, {
    ZENML_CONFIG_DIR: join(dir, 'client-config'),
    XDG_CONFIG_HOME: join(dir, 'xdg', 'config'),
    XDG_CACHE_HOME: join(dir, 'xdg', 'cache'),
    ZENML_CACHE_DIR: join(dir, 'xdg', 'cache', 'zenml'),
    ZENML_STORE_URL: url,
    ZENML_STORE_API_TOKEN: accessToken,
  });
  for (const key of ['ZENML_ACTIVE_STACK', 'ZENML_ACTIVE_STACK_ID', 'ZENML_CONFIG_PATH', 'ZENML_STORE_API_KEY']) delete process.env[key];
  const { step, pipeline } = await import('../../src/index.js');
  const first = step({ name: 'first' }, ({ seed }: { seed: number }) => seed);
  const inc = step({ name: 'inc' }, ({ x }: { x: number }) => x + 1);

  return {
    async countRun(steps, { enableCache, runName, seed = 1 }) {
      const chain = pipeline({ name: `chain-${steps}`, enableCache }, ({ seed }: { seed: number }) => {
        let x = first({ seed }, { id: 's0' });
        for (let i = 1; i < steps; i++) x = inc({ x }, { id: `s${i}` });
      });
      counting = { total: 0, periodic: 0, durationMs: 0, byRoute: {} };
      const started = performance.now();
      try {
        const run = await chain.withOptions({ runName })({ seed });
        return { ...counting, durationMs: performance.now() - started, status: run.status, cachedSteps: Object.values(run.steps).filter((stepRun) => stepRun.cached).length };
      } finally {
        counting = undefined;
      }
    },
    async close() {
      const { closeZenContexts } = await import('../../src/context/zen-context.js');
      await closeZenContexts();
      await app.close();
      await backend.close();
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
