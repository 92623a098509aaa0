/**
 * `GET /api/v1/artifact_versions/{id}/visualize?index=N` (ZenML's route of the same name):
 * one visualization of an artifact version, read by the server from the version's artifact
 * store and answered as `{ type, value }` (images as a data URL) for the dashboard.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GlobalConfig } from '../config/global-config.js';
import { configDir } from '../config/paths.js';
import { lazyImport } from '../core/lazy-import.js';
import { VISUALIZATION_TYPES } from '../core/materializer.js';
import type { ZenContext } from '../context/zen-context.js';
import type { ZenStore } from '../store/zen-store.js';
import { API_PREFIX } from '../store/rest/api-routes.js';
import * as s from '../store/rest/api-schemas.js';
import { requestScope, type StoreRouteOptions } from './routes.js';

export const VISUALIZE_PATH = '/artifact_versions/:id/visualize';

// Imported on the first request (see lazy-import.ts): a server that never visualizes loads neither.
const artifactStoreFactory = lazyImport(() => import('../stack/artifact-store-factory.js'));
const visualizationModule = lazyImport(() => import('../artifacts/visualization.js'));

export interface VisualizationRouteOptions {
  /** The server's own config dir and secrets key: component configs may name secrets (S3 credentials). */
  secrets: { configDir: string; key?: string };
  /**
   * The config dir local artifact stores without an explicit path live under (as the CLI
   * that wrote them saw it): this process's, as `zenml server start` runs with the user's.
   */
  artifactConfigDir?: string;
}

export async function registerVisualizationRoutes(app: FastifyInstance, store: ZenStore, options: VisualizationRouteOptions, routeOptions: StoreRouteOptions): Promise<void> {
  const config = await GlobalConfig.load({ ZENML_CONFIG_DIR: options.secrets.configDir });
  const artifactConfigDir = options.artifactConfigDir ?? configDir(process.env);
  const contextFor = (request: FastifyRequest): ZenContext => {
    const scope = requestScope(request, routeOptions);
    const view = scope.project === undefined && scope.userId === undefined ? store : store.withScope(scope);
    return { configDir: artifactConfigDir, config, store: view, secretsKey: options.secrets.key };
  };

  app.get<{ Params: { id: string }; Querystring: { index?: number } }>(`${API_PREFIX}${VISUALIZE_PATH}`, {
    schema: {
      params: s.object({ id: s.id() }, ['id']),
      querystring: s.object({ index: s.integer(0, 10_000), project: { type: 'string', maxLength: s.MAX_NAME, description: 'The project to work in (or the x-zenml-project header).' } }),
      response: { 200: s.object({ type: s.oneOfValues(VISUALIZATION_TYPES), value: { type: 'string' } }, ['type', 'value']) },
      tags: ['artifact_versions'],
      summary: 'Visualization `index` (default 0) of an artifact version: its text, or a data:image/... URL for images. 413 when the file is over 10 MiB.',
      operationId: 'visualizeArtifactVersion',
      security: [{ bearerAuth: [] }],
    },
    config: { access: 'member' },
    handler: async (request, reply) => {
      const context = contextFor(request);
      // Looked up in the request's project: another project's version is a 404 like any other route's.
      const version = await context.store.getArtifactVersion(request.params.id);
      const [{ artifactStoreById }, { readArtifactVisualization, toLoadedVisualization }] = await Promise.all([artifactStoreFactory(), visualizationModule()]);
      const artifactStore = await artifactStoreById(context, version.artifactStoreId);
      const visualization = toLoadedVisualization(await readArtifactVisualization(artifactStore, version, request.query.index ?? 0));
      // Sent as the JSON's bytes: a visualization is up to 10 MiB of text, and handed over as a
      // string fastify would measure it for its length and Node encode it again to send it.
      return reply.type('application/json; charset=utf-8').send(Buffer.from(JSON.stringify(visualization)));
    },
  });
}
