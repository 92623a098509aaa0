import type { ZenStore } from '../store/zen-store.js';
import type { RunJob } from './orchestrator.js';

/** A store that can hand out run-scoped workload tokens: the REST store of a server. */
interface WorkloadTokenSource {
  baseUrl: string;
  workloadToken(runId: string): Promise<string>;
}

function workloadTokenSource(store: ZenStore): WorkloadTokenSource | undefined {
  const candidate = store as Partial<WorkloadTokenSource>;
  return typeof candidate.workloadToken === 'function' && typeof candidate.baseUrl === 'string' ? (candidate as WorkloadTokenSource) : undefined;
}

/**
 * A local store whose secrets key lives only in the OS keychain: steps in containers get the
 * key in their environment (docker keeps it in the container's config, readable by whoever
 * can use the Docker engine; see docs/security.md).
 */
async function keychainKeyEnv(store: ZenStore): Promise<Record<string, string>> {
  const { getZenContext } = await import('../context/zen-context.js');
  const context = await getZenContext();
  if (context.store.url !== store.url) return {};
  const { keychainOnlySecretsKeyEnv } = await import('../secrets/encryption-key.js');
  return keychainOnlySecretsKeyEnv(context);
}

/** One token per run, shared by all its steps (one request, not one per step). */
const issued = new WeakMap<ZenStore, Map<string, Promise<string>>>();

/**
 * The environment a step process of this run needs to reach the store, for orchestrators that
 * run steps in other processes or on other machines (local_process, bullmq, ...). Against a
 * server: its URL and a run-scoped workload token, and every other credential blanked, so a
 * step never holds the user's session, password or API key (undefined removes a variable from
 * a child's env in Node and execa). Against a local store: nothing, the child opens the same one.
 */
export async function stepProcessEnv(job: Pick<RunJob, 'store' | 'run'>, options: { keychainUnreachable?: boolean } = {}): Promise<Record<string, string | undefined>> {
  const source = workloadTokenSource(job.store);
  if (!source) return options.keychainUnreachable ? keychainKeyEnv(job.store) : {};
  let tokens = issued.get(job.store);
  if (!tokens) issued.set(job.store, (tokens = new Map()));
  let token = tokens.get(job.run.id);
  if (!token) {
    token = source.workloadToken(job.run.id);
    tokens.set(job.run.id, token);
    // A failed request is not cached: the next step asks again.
    token.catch(() => tokens!.delete(job.run.id));
  }
  const project = job.store.scope.project;
  return {
    ZENML_STORE_URL: source.baseUrl,
    ZENML_STORE_API_TOKEN: await token,
    // The run's project, whatever the child's config dir says.
    ...(project ? { ZENML_ACTIVE_PROJECT: project } : {}),
    ZENML_STORE_API_KEY: undefined,
    ZENML_DEFAULT_USER_PASSWORD: undefined,
  };
}
