import { errorMessage } from '../core/errors.js';
import type { StepExtension, StepExtensionContext } from '../context/step-extension.js';
import type { ArtifactType } from '../core/materializer.js';
import { Model, type ModelSpec } from './model.js';
import { runModelVersion } from './run-model-version.js';
import type { ModelArtifactType } from '../core/model-entities.js';

/** How an output counts for its model version: by its artifact type (per-output config or materializer default). */
export function modelArtifactType(type: ArtifactType): ModelArtifactType {
  if (type === 'model') return 'model';
  if (type === 'deployment' || type === 'service') return 'deployment';
  return 'data';
}

const specOf = (ctx: StepExtensionContext) => ctx.step.config.model as ModelSpec | undefined;

/**
 * A step running under a model: `getStepContext().model` is its version, and every output
 * (new or reused from cache) is linked to that version, as is the run. Applied by the step
 * launcher, so in every process that runs steps.
 */
export const modelVersionExtension: StepExtension = {
  name: 'model-version',
  async prepare(ctx, state) {
    const spec = specOf(ctx);
    if (!spec) return;
    const version = await runModelVersion(ctx.context.store, spec, ctx.run.id);
    state.model = Model.forVersion(version, spec);
  },
  async afterComplete(ctx, stepRun, outputs) {
    const spec = specOf(ctx);
    if (!spec) return;
    try {
      const version = await runModelVersion(ctx.context.store, spec, ctx.run.id);
      for (const output of outputs) await ctx.context.store.linkArtifactToModelVersion(version.id, output.id, modelArtifactType(output.type));
    } catch (error) {
      // A cache hit never ran prepare, so an unknown model version surfaces here: fail the
      // step with the reason rather than leave it looking cached.
      await ctx.context.store.updateStepRun(stepRun.id, { status: 'failed', error: errorMessage(error), ended: new Date().toISOString() });
      throw error;
    }
  },
};
