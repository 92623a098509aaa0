import type { ZenStore } from '../../store/zen-store.js';
import type { AccessTarget } from './authorize.js';

type Params = Record<string, string | undefined>;
type Resolver = (store: ZenStore, params: Params, body: Record<string, unknown>) => Promise<AccessTarget>;

const run = (runId: string | undefined): AccessTarget => ({ runId: runId ?? '' });
const stepRunOf = async (store: ZenStore, id: string | undefined) => run((await store.getStepRun(id ?? '')).runId);
const secretOf = async (store: ZenStore, nameOrId: string | undefined): Promise<AccessTarget> => {
  const secret = await store.getSecret(nameOrId ?? '');
  return { secret: { id: secret.id, name: secret.name } };
};

/**
 * What a run's workload token may do through the store routes, by operation. `readable`:
 * what any step needs to run (its snapshot, stack, components, input artifacts, models,
 * the cache); a resolver: the run (or secret) the call touches, which must be the token's own.
 * An operation missing here is refused to workload tokens.
 */
export const WORKLOAD_RULES: Record<string, 'readable' | Resolver> = {
  getPipeline: 'readable',
  getSnapshot: 'readable',
  getStack: 'readable',
  getHydratedStack: 'readable',
  listStacks: 'readable',
  getStackComponent: 'readable',
  listStackComponents: 'readable',
  getArtifact: 'readable',
  getArtifactVersion: 'readable',
  listArtifactVersions: 'readable',
  getModel: 'readable',
  getModelVersion: 'readable',
  getModelVersionById: 'readable',
  getMetadata: 'readable',
  findCachedStepRun: 'readable',
  getRun: async (store, params) => run((await store.getRun(params.nameOrId ?? '')).id),
  updateRun: async (_store, params) => run(params.id),
  listStepRuns: async (_store, params) => run(params.runId),
  listRunModelVersions: async (_store, params) => run(params.runId),
  getOrCreateRunModelVersion: async (_store, params) => run(params.runId),
  createStepRun: async (_store, _params, body) => run(typeof body.runId === 'string' ? body.runId : undefined),
  startStepRun: async (_store, _params, body) => {
    const stepRun = body.stepRun as Record<string, unknown> | undefined;
    return run(typeof stepRun?.runId === 'string' ? stepRun.runId : undefined);
  },
  getStepRun: (store, params) => stepRunOf(store, params.id),
  updateStepRun: (store, params) => stepRunOf(store, params.id),
  completeStepRun: (store, params) => stepRunOf(store, params.id),
  linkRunToModelVersion: async (_store, _params, body) => run(typeof body.runId === 'string' ? body.runId : undefined),
  // Outputs the step just registered are linked and annotated by id; their run is the token's.
  linkArtifactToModelVersion: async () => ({ workloadReadable: true }),
  addMetadata: async (store, params) => {
    if (params.resourceType === 'pipeline_run') return run(params.resourceId);
    if (params.resourceType === 'step_run') return stepRunOf(store, params.resourceId);
    return { workloadReadable: true };
  },
  getSecret: (store, params) => secretOf(store, params.nameOrId),
  getSecretValues: (store, params) => secretOf(store, params.nameOrId),
};

/** The target a workload token's call is checked against, or undefined when the operation is not open to workloads. */
export async function workloadTarget(store: ZenStore, operation: string | undefined, params: Params, body: unknown): Promise<AccessTarget | undefined> {
  const rule = operation ? WORKLOAD_RULES[operation] : undefined;
  if (!rule) return undefined;
  if (rule === 'readable') return { workloadReadable: true };
  return rule(store, params, (body ?? {}) as Record<string, unknown>);
}
