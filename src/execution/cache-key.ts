import { sha256Hex } from '../core/sha256.js';
import { stableStringify } from '../core/stable-json.js';
import type { StepSpec } from '../core/snapshot.js';

export interface CacheKeyInputs {
  projectId: string;
  artifactStoreId: string;
  step: StepSpec;
  /** Input name → content hash of the input version, or its id when no hash was recorded. */
  inputIdentities: Record<string, string>;
  /** Input name → version id, for a cache policy that includes artifact ids next to their content. */
  inputIds?: Record<string, string>;
  /** Secret name → salted digest of its values, for a step that declares secrets (see stepSecretsDigest). */
  secretDigests?: Record<string, string>;
}

/** Same key ⇒ same function on the same data with the same settings: the outputs can be reused. */
export function computeCacheKey({ projectId, artifactStoreId, step, inputIdentities, inputIds, secretDigests }: CacheKeyInputs): string {
  const policy = step.config.cachePolicy ?? {};
  const ignored = new Set(policy.ignoredInputs ?? []);
  const kept = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([name]) => !ignored.has(name)));
  const code = policy.includeStepCode !== false;
  // Written in key order, so stableStringify need not copy it sorted (the key is the same either way).
  return sha256Hex(
    stableStringify({
      artifactStoreId,
      // What the step's code calls: its file and the local modules it imports (absent for a step whose file is unknown).
      ...(code && step.codeHash ? { code: step.codeHash } : {}),
      inputs: inputKeyPart(policy, kept(inputIdentities), kept(inputIds ?? {})),
      // The artifact names too: a hit must leave its outputs findable under the names this
      // pipeline gives them (`<pipeline>::<invocation>::<output>` or the configured name).
      outputs: step.outputs.map((output) => [output.name, output.materializer ?? 'auto', output.artifactName]),
      parameters: policy.includeStepParameters === false ? null : kept(step.parameters),
      // Only when set: a policy that changes what the key holds also changes the key itself.
      ...(step.config.cachePolicy ? { policy: step.config.cachePolicy } : {}),
      projectId,
      // Only when the step uses secrets: the keys of every other step stay as they were.
      ...(secretDigests ? { secrets: secretDigests } : {}),
      settings: cacheRelevantSettings(step.config.settings),
      source: code ? step.sourceHash : null,
      stepName: step.stepName,
    }),
  );
}

/**
 * By default an input stands for its content hash, else its id (the same content under a new
 * id is the same input). Without artifact values, ids only; without ids, hashes only (an
 * input without one then enters by name alone); without both, only the input names.
 */
function inputKeyPart(policy: NonNullable<StepSpec['config']['cachePolicy']>, identities: Record<string, string>, ids: Record<string, string>): Record<string, string | null> {
  const values = policy.includeArtifactValues !== false;
  const byId = policy.includeArtifactIds !== false;
  if (values && byId) return identities;
  return Object.fromEntries(
    Object.entries(identities).map(([name, identity]) => {
      if (!values) return [name, byId ? (ids[name] ?? identity) : null];
      // Values only: an identity that is the id (no hash recorded) does not count.
      return [name, identity !== ids[name] ? identity : null];
    }),
  );
}

/** How a step is scheduled (`settings.orchestrator`, e.g. maxParallelism) cannot change what it returns. */
function cacheRelevantSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const { orchestrator: _scheduling, ...rest } = settings ?? {};
  return rest;
}
