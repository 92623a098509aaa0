import { createHash } from 'node:crypto';
import { stableStringify } from '../core/stable-json.js';
import type { StepSpec } from '../core/snapshot.js';

export interface CacheKeyInputs {
  projectId: string;
  artifactStoreId: string;
  step: StepSpec;
  /** Input name → content hash of the input version, or its id when no hash was recorded. */
  inputIdentities: Record<string, string>;
  /** Secret name → salted digest of its values, for a step that declares secrets (see stepSecretsDigest). */
  secretDigests?: Record<string, string>;
}

/** Same key ⇒ same function on the same data with the same settings: the outputs can be reused. */
export function computeCacheKey({ projectId, artifactStoreId, step, inputIdentities, secretDigests }: CacheKeyInputs): string {
  return createHash('sha256')
    .update(
      stableStringify({
        projectId,
        artifactStoreId,
        stepName: step.stepName,
        source: step.sourceHash,
        parameters: step.parameters,
        inputs: inputIdentities,
        // The artifact names too: a hit must leave its outputs findable under the names this
        // pipeline gives them (`<pipeline>::<invocation>::<output>` or the configured name).
        outputs: step.outputs.map((output) => [output.name, output.materializer ?? 'auto', output.artifactName]),
        settings: cacheRelevantSettings(step.config.settings),
        // Only when the step uses secrets: the keys of every other step stay as they were.
        ...(secretDigests ? { secrets: secretDigests } : {}),
      }),
    )
    .digest('hex');
}

/** How a step is scheduled (`settings.orchestrator`, e.g. maxParallelism) cannot change what it returns. */
function cacheRelevantSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const { orchestrator: _scheduling, ...rest } = settings ?? {};
  return rest;
}
