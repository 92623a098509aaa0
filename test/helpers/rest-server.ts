// A ZenML server in this process over a backend store, listening on a random loopback port,
// and a REST store talking to it: what the REST conformance and server tests run against.
import type { FastifyInstance } from 'fastify';
import type { ZenStore } from '../../src/store/zen-store.js';
import { RestZenStore, type RestStoreOptions } from '../../src/store/rest/rest-zen-store.js';
import { buildServer, type ServerOptions } from '../../src/server/app.js';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  backend: ZenStore;
  /** Stops the server and closes the backend store. */
  close(): Promise<void>;
}

export async function startTestServer(backend: ZenStore, options: Omit<ServerOptions, 'store'> = {}): Promise<RunningServer> {
  const app = await buildServer({ store: backend, ...options });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    url,
    backend,
    close: async () => {
      await app.close();
      await backend.close();
    },
  };
}

/** A REST store over a fresh server on `openBackend()`; closing the store stops both. */
export async function restStoreOver(openBackend: () => Promise<ZenStore>, options: RestStoreOptions = {}): Promise<RestZenStore> {
  const server = await startTestServer(await openBackend());
  const store = new RestZenStore(server.url, options);
  store.close = server.close;
  return store;
}
