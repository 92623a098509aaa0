import type { Alerter, AlerterParams } from '../core/alerter.js';
import { processSingleton } from '../core/process-state.js';
import type { StepExtension, StepExtensionContext } from '../context/step-extension.js';
import type { StepContextState } from '../context/step-context.js';

/** Alerters built in this process, by store and stack (a run's stack does not change while it runs). */
const alerters = processSingleton('stepAlerters', () => new Map<string, Promise<Alerter | undefined>>());
const MAX_CACHED = 32;

/**
 * `getStepContext().stack`: the run's stack as the step sees it. Nothing is loaded until the
 * step asks (a step without an alerter pays one object per run), then the alerter is built
 * once per process from the stack's component, its secret references resolved.
 */
export const stepStackExtension: StepExtension = {
  name: 'step-stack',
  async prepare(ctx, state) {
    state.stack = {
      id: ctx.run.stackId ?? undefined,
      alerter: async () => {
        const alerter = await stackAlerter(ctx);
        return alerter && withStepDefaults(alerter, state);
      },
    };
  },
};

function stackAlerter(ctx: StepExtensionContext): Promise<Alerter | undefined> {
  const stackId = ctx.run.stackId;
  if (!stackId) return Promise.resolve(undefined);
  const key = `${ctx.context.store.url}|${stackId}`;
  let alerter = alerters.get(key);
  if (!alerter) {
    alerter = buildAlerter(ctx, stackId);
    if (alerters.size >= MAX_CACHED) alerters.delete(alerters.keys().next().value!);
    alerters.set(key, alerter);
    alerter.catch(() => alerters.delete(key));
  }
  return alerter;
}

async function buildAlerter(ctx: StepExtensionContext, stackId: string): Promise<Alerter | undefined> {
  const [{ Stack }, { loadFlavorRegistry }, { resolveSecretReferences }] = await Promise.all([
    import('../stack/stack.js'),
    import('../stack/flavor-registry.js'),
    import('../secrets/resolve.js'),
  ]);
  const { context } = ctx;
  const stack = await Stack.load(context.store, stackId, await loadFlavorRegistry(), context.configDir, (config) => resolveSecretReferences(context, config));
  if (!stack.components.alerter) return undefined;
  return stack.component<Alerter>('alerter');
}

/** The alerter with the step's pipeline, run and step filled into every message's params. */
function withStepDefaults(alerter: Alerter, state: StepContextState): Alerter {
  const defaults = (params?: AlerterParams): AlerterParams => ({ pipeline: state.pipeline.name, run: state.pipelineRun.name, step: state.invocationId, ...(params ?? {}) });
  return {
    post: (message, params) => alerter.post(message, defaults(params)),
    ...(alerter.ask ? { ask: (question: string, params?: AlerterParams) => alerter.ask!(question, defaults(params)) } : {}),
  };
}
