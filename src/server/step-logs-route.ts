/**
 * GET /api/v1/steps/{id}/logs (ZenML's route of that name): a step run's captured output as
 * stored in the artifact store beside its outputs, read by the server for the dashboard's step
 * panel. `{ value: null }` when the step stored no logs; the newest 1 MiB when it printed more.
 */
import type { FastifyInstance } from 'fastify';
import { configDir } from '../config/paths.js';
import type { ZenStore } from '../store/zen-store.js';
import { API_PREFIX } from '../store/rest/api-routes.js';
import * as s from '../store/rest/api-schemas.js';
import { requestScope, type StoreRouteOptions } from './routes.js';

export const STEP_LOGS_PATH = `${API_PREFIX}/steps/:id/logs`;
const MAX_LOG_CHARS = 1024 * 1024;

export interface StepLogsRouteOptions {
  /** The server's own config dir (component configs may name its secrets); this process's when omitted. */
  serverConfigDir?: string;
  secretsKey?: string;
}

export function registerStepLogsRoute(app: FastifyInstance, store: ZenStore, options: StepLogsRouteOptions, routeOptions: StoreRouteOptions): void {
  app.get<{ Params: { id: string } }>(STEP_LOGS_PATH, {
    schema: {
      params: s.object({ id: s.id() }, ['id']),
      querystring: s.object({ project: { type: 'string', maxLength: s.MAX_NAME } }),
      response: { 200: s.object({ value: { type: ['string', 'null'] }, truncated: { type: 'boolean' } }, ['value']) },
      tags: ['steps'],
      summary: "A step run's stored logs ({ value: text | null }; the last 1 MiB of a longer log).",
      security: [{ bearerAuth: [] }],
    },
    config: { access: 'member' },
    handler: async (request) => {
      const scope = requestScope(request, routeOptions);
      const view = scope.project === undefined && scope.userId === undefined ? store : store.withScope(scope);
      const stepRun = await view.getStepRun(request.params.id);
      if (!stepRun.logsUri) return { value: null };
      const [{ GlobalConfig }, { runLogChunks }] = await Promise.all([import('../config/global-config.js'), import('../execution/run-logs.js')]);
      const config = await GlobalConfig.load({ ZENML_CONFIG_DIR: options.serverConfigDir ?? configDir(process.env) });
      const context = { configDir: configDir(process.env), config, store: view, secretsKey: options.secretsKey };
      let text = '';
      let truncated = false;
      for await (const chunk of runLogChunks(context, stepRun.runId, { stepRunId: stepRun.id })) {
        text += chunk.text;
        if (text.length > MAX_LOG_CHARS) (text = text.slice(-MAX_LOG_CHARS)), (truncated = true);
      }
      return { value: text, truncated };
    },
  });
}
