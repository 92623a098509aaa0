import { UsageError } from '../core/errors.js';
import { checkName } from '../core/names.js';
import { checkCustomVersionName } from '../core/artifact-version-name.js';
import type { Materializer } from '../core/materializer.js';
import { Composition, compose, type Invocation } from './composition.js';
import { assertJsonSerializable } from './json-check.js';
import { executionModeOf, hookRef, type HookFunctions } from './hooks.js';
import { CodeDependencyHasher } from '../execution/code-dependencies.js';
import { cacheExpirationSeconds, mergeCachePolicies } from '../core/cache-policy.js';
import { declaredInputNames } from './step-signature.js';
import { assertValidRunConfig } from './run-config-schema.js';
import { assertElementIdsFree } from '../core/map-elements.js';
import { loadRunConfig, mergeRecords, mergeRunOptions, conflict, sameValue } from './run-config.js';
import type { OutputSpec, ResolvedStepConfig, SnapshotSpec, StepSpec } from '../core/snapshot.js';
import type { StepDefinition } from './step.js';
import type { CommonConfig, ModelReference, PipelineConfig, RunOptions, StepConfig } from '../core/step-config.js';

import type { CompiledPipeline, PipelineDefinition } from '../core/step-config.js';

export type { CompiledPipeline, PipelineDefinition };

/** Runs the pipeline function to record its DAG, applies run options, and checks the graph. */
export async function compilePipeline(definition: PipelineDefinition, params: Record<string, unknown> | undefined, codeOptions: RunOptions): Promise<CompiledPipeline> {
  await assertValidRunConfig(definition.config, 'run', `The config of pipeline '${definition.name}'`);
  await assertValidRunConfig(withoutCallbacks(codeOptions), 'run', `The run options (withOptions) of pipeline '${definition.name}'`);
  // Each source of parameters is checked before they are merged: comparing a circular value
  // (a YAML alias can make one too) would fail with a bare TypeError.
  assertJsonSerializable(params ?? {}, `A parameter of pipeline '${definition.name}'`);
  assertParametersAreJson(codeOptions, definition.name);
  const fileOptions = codeOptions.configPath ? await loadRunConfig(codeOptions.configPath) : undefined;
  if (fileOptions) assertParametersAreJson(fileOptions, definition.name);
  const options = fileOptions ? mergeRunOptions(withoutCallbacks(codeOptions), fileOptions, codeOptions.configPath!) : withoutCallbacks(codeOptions);
  const parameters = mergeRecords(params, options.parameters, 'parameters', codeOptions.configPath ?? 'withOptions()') ?? {};

  const composition = new Composition(definition.name);
  const read = new Set<string>();
  const given = Object.keys(parameters).length > 0 ? recordReads(parameters, read) : undefined;
  await compose(composition, () => definition.fn(given));
  const unread = Object.keys(parameters).filter((key) => !read.has(key));
  if (unread.length > 0) {
    const known = [...read].filter((key) => !unread.includes(key));
    throw new UsageError(
      `Pipeline '${definition.name}' takes no parameter ${unread.map((key) => `'${key}'`).join(', ')} (set in ${codeOptions.configPath ?? 'the call or withOptions()'}).`,
      known.length > 0 ? `Its parameters: ${known.join(', ')}.` : 'Its function reads no parameters; remove them.',
    );
  }
  if (composition.invocations.size === 0) {
    throw new UsageError(`Pipeline '${definition.name}' calls no steps.`, 'Call at least one step inside the pipeline function.');
  }
  for (const stepDefinition of new Set([...composition.invocations.values()].map((invocation) => invocation.step))) {
    await assertValidRunConfig(stepDefinition.config, 'step', `The config of step '${stepDefinition.name}'`);
  }
  for (const id of Object.keys(options.steps ?? {})) {
    if (!composition.invocations.has(id)) {
      throw new UsageError(`The run options configure step '${id}', which pipeline '${definition.name}' does not have.`, `Steps: ${[...composition.invocations.keys()].join(', ')}.`);
    }
  }

  const materializers = new Map<string, Materializer>();
  const hookFunctions: HookFunctions = new Map();
  const steps = new Map<string, StepDefinition>();
  const specs: StepSpec[] = [];
  // One per compile: N steps declared in the same files read each file once.
  const code = new CodeDependencyHasher();
  const configs = new SharedStepConfigs();
  for (const invocation of composition.invocations.values()) {
    steps.set(invocation.id, invocation.step);
    const spec = stepSpec(definition, invocation, options, materializers, codeOptions.configPath, code, configs);
    const hooks = stepHooks(definition, invocation, options, hookFunctions);
    if (hooks) spec.config.hooks = hooks;
    specs.push(spec);
  }
  const where = `Pipeline '${definition.name}'`;
  const pipelineHooks = {
    onInit: hookRef(options.onInit ?? definition.config.onInit, 'onInit', where, 'pipeline.onInit', hookFunctions),
    onCleanup: hookRef(options.onCleanup ?? definition.config.onCleanup, 'onCleanup', where, 'pipeline.onCleanup', hookFunctions),
  };
  const ordered = topologicalOrder(definition.name, specs);
  assertElementIdsFree(definition.name, ordered);
  const model = toReference(options.model ?? definition.config.model);
  const spec: SnapshotSpec = {
    pipeline: { name: definition.name, description: definition.config.description },
    steps: ordered,
    parameters,
    runName: options.runName,
    stack: options.stack,
    tags: [...new Set([...(definition.config.tags ?? []), ...(options.tags ?? [])])],
    model,
    settings: { ...(definition.config.settings ?? {}), ...(options.settings ?? {}) },
    extra: { ...(definition.config.extra ?? {}), ...(options.extra ?? {}) },
    source: definition.sourceFile ? { file: definition.sourceFile } : undefined,
    executionMode: executionModeOf(options.executionMode ?? definition.config.executionMode, where),
    ...(pipelineHooks.onInit || pipelineHooks.onCleanup ? { hooks: JSON.parse(JSON.stringify(pipelineHooks)) } : {}),
  };
  const schedule = options.schedule ?? definition.config.schedule;
  return { spec, steps, options: { ...options, ...(schedule ? { schedule } : {}), onProgress: codeOptions.onProgress }, materializers, hookFunctions };
}

/**
 * The parameters as the pipeline function sees them, noting each key it reads: destructuring
 * (with or without a default), property access, `in`, and spreading or listing the keys
 * (which reads them all). A given key never read is a typo the run would silently ignore.
 */
function recordReads(parameters: Record<string, unknown>, read: Set<string>): Record<string, unknown> {
  return new Proxy(parameters, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === 'string') read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      for (const key of Object.keys(target)) read.add(key);
      return Reflect.ownKeys(target);
    },
  });
}

function assertParametersAreJson(options: RunOptions, pipelineName: string): void {
  assertJsonSerializable(options.parameters ?? {}, `A parameter of pipeline '${pipelineName}'`);
  for (const [id, step] of Object.entries(options.steps ?? {})) assertJsonSerializable(step.parameters ?? {}, `A parameter of step '${id}'`);
}

function withoutCallbacks(options: RunOptions): RunOptions {
  const { onProgress: _ignored, ...rest } = options;
  return rest;
}

function stepSpec(
  pipeline: PipelineDefinition,
  invocation: Invocation,
  options: RunOptions,
  materializers: Map<string, Materializer>,
  configPath: string | undefined,
  code: CodeDependencyHasher,
  configs: SharedStepConfigs,
): StepSpec {
  const stepConfig: StepConfig = invocation.step.config;
  const runStep = options.steps?.[invocation.id] ?? {};
  let parameters = invocation.parameters;
  if (runStep.parameters) {
    assertKnownStepParameters(invocation, Object.keys(runStep.parameters), configPath);
    for (const [key, value] of Object.entries(runStep.parameters)) {
      if (key in invocation.artifactInputs) {
        throw new UsageError(`Step '${invocation.id}' input '${key}' is an artifact from another step and cannot also be set as a parameter.`);
      }
      if (key in parameters && !sameValue(parameters[key], value)) throw conflict(`steps.${invocation.id}.parameters.${key}`, parameters[key], value, configPath ?? 'withOptions()');
    }
    parameters = { ...parameters, ...runStep.parameters };
  }
  const config = options.steps?.[invocation.id] ? resolveConfig(pipeline.config, options, stepConfig, runStep, invocation.id) : configs.of(stepConfig, () => resolveConfig(pipeline.config, options, stepConfig, runStep, invocation.id));
  const codeHash = invocation.step.sourceFile ? code.hashOf(invocation.step.sourceFile) : undefined;
  return {
    id: invocation.id,
    stepName: invocation.step.name,
    sourceHash: invocation.step.sourceHash,
    ...(codeHash ? { codeHash } : {}),
    parameters,
    inputs: invocation.artifactInputs,
    upstream: [...invocation.after],
    outputs: invocation.step.outputNames.map((name) => outputSpec(pipeline.name, invocation, name, materializers)),
    config,
    ...(invocation.map ? { map: { inputs: invocation.map } } : {}),
  };
}

/**
 * A run option may set only parameters the step takes: the inputs its function destructures
 * (`({ data, lr = 0.1 }) => ...`) or, when its source does not tell, the inputs the
 * pipeline's call passes. Anything else is a typo that would otherwise run from cache
 * unchanged while the user believes they changed something.
 */
function assertKnownStepParameters(invocation: Invocation, keys: string[], configPath: string | undefined): void {
  const declared = declaredInputNames(invocation.step.fn);
  if (declared === 'any') return;
  const takes = new Set([...invocation.inputNames, ...(declared ?? [])]);
  const unknown = keys.filter((key) => !takes.has(key));
  if (unknown.length === 0) return;
  const known = [...takes].filter((name) => !(name in invocation.artifactInputs));
  const where = configPath ?? 'withOptions()';
  const names = unknown.map((key) => `'steps.${invocation.id}.parameters.${key}'`).join(', ');
  throw new UsageError(
    `Step '${invocation.id}' takes no parameter ${names} (set in ${where}).`,
    known.length > 0
      ? `Its parameters: ${known.join(', ')}.${declared ? '' : ' (Destructure the step function\'s argument, or pass the parameter in the pipeline\'s call of the step, to declare another.)'}`
      : 'It takes no parameters.',
  );
}

/** A step's onFailure / onSuccess: its run options, its own config, the run's, then its pipeline's. */
function stepHooks(pipeline: PipelineDefinition, invocation: Invocation, options: RunOptions, functions: HookFunctions): ResolvedStepConfig['hooks'] {
  const runStep = options.steps?.[invocation.id] ?? {};
  const where = `Step '${invocation.id}'`;
  const hooks: NonNullable<ResolvedStepConfig['hooks']> = {};
  for (const hook of ['onFailure', 'onSuccess'] as const) {
    const ref = hookRef(runStep[hook] ?? invocation.step.config[hook] ?? options[hook] ?? pipeline.config[hook], hook, where, `${invocation.id}.${hook}`, functions);
    if (ref) hooks[hook] = ref;
  }
  return Object.keys(hooks).length > 0 ? hooks : undefined;
}

/**
 * The resolved config of the invocations of one step that the run options do not configure
 * one by one: the same for all of them, so it is built once per compile (a 1,000-step
 * fan-out built a thousand copies of its settings, tags and secrets, over a third of what
 * the compile allocated). Each invocation gets its own top-level object (hooks are set on it
 * per invocation); what it holds is shared, and never changed.
 */
class SharedStepConfigs {
  private readonly resolved = new Map<StepConfig, ResolvedStepConfig>();

  of(step: StepConfig, resolve: () => ResolvedStepConfig): ResolvedStepConfig {
    let config = this.resolved.get(step);
    if (!config) this.resolved.set(step, (config = resolve()));
    return { ...config };
  }
}

/** Step config wins over run options, which win over the pipeline's own config. */
function resolveConfig(pipeline: PipelineConfig, run: RunOptions, step: StepConfig, runStep: CommonConfig, id: string): ResolvedStepConfig {
  const pick = <K extends keyof CommonConfig>(key: K) => runStep[key] ?? step[key] ?? (run as CommonConfig)[key] ?? pipeline[key];
  const cachePolicy = mergeCachePolicies(runStep.cachePolicy, step.cachePolicy, (run as CommonConfig).cachePolicy, pipeline.cachePolicy);
  const expiration = pick('cacheExpiration') ?? pick('cachePolicy')?.expiresAfter;
  return {
    enableCache: (pick('enableCache') as boolean | undefined) ?? true,
    // Only when set, so snapshots (and cache keys) stay as they were by default.
    ...(cachePolicy ? { cachePolicy } : {}),
    ...(expiration !== undefined ? { cacheExpiration: cacheExpirationSeconds(expiration, `The cache expiration of step '${id}'`) } : {}),
    // Only when turned off, so snapshots (and what they show) stay as they were by default.
    ...(pick('enableArtifactMetadata') === false ? { enableArtifactMetadata: false } : {}),
    ...(pick('enableArtifactVisualization') === false ? { enableArtifactVisualization: false } : {}),
    settings: { ...(pipeline.settings ?? {}), ...(run.settings ?? {}), ...(step.settings ?? {}), ...(runStep.settings ?? {}) },
    extra: { ...(pipeline.extra ?? {}), ...(run.extra ?? {}), ...(step.extra ?? {}), ...(runStep.extra ?? {}) },
    retry: pick('retry') as ResolvedStepConfig['retry'],
    tags: [...new Set([...(step.tags ?? []), ...(runStep.tags ?? [])])],
    secrets: [...new Set([...(pipeline.secrets ?? []), ...((run as CommonConfig).secrets ?? []), ...(step.secrets ?? []), ...(runStep.secrets ?? [])])],
    model: toReference(runStep.model ?? step.model ?? run.model ?? pipeline.model),
  };
}

function toReference(model: CommonConfig['model']): ModelReference | undefined {
  if (!model) return undefined;
  return 'toReference' in model && typeof model.toReference === 'function' ? model.toReference() : (model as ModelReference);
}

function outputSpec(pipelineName: string, invocation: Invocation, name: string, materializers: Map<string, Materializer>): OutputSpec {
  const config = invocation.step.config;
  const artifact = config.artifacts?.[name] ?? {};
  const chosen = artifact.materializer ?? materializerFor(config.outputMaterializers, name);
  let materializer: string | undefined;
  if (typeof chosen === 'string') materializer = chosen;
  else if (chosen) {
    materializer = chosen.id;
    materializers.set(chosen.id, chosen);
  }
  const artifactName = artifact.name ?? `${pipelineName}::${invocation.id}::${name}`;
  checkName('Artifact name', artifactName, { kind: 'label' });
  return {
    name,
    artifactName,
    ...(artifact.version !== undefined ? { artifactVersion: checkCustomVersionName(artifact.version, artifactName) } : {}),
    materializer,
    artifactType: artifact.type,
    tags: artifact.tags ?? [],
  };
}

function materializerFor(setting: StepConfig['outputMaterializers'], output: string): Materializer | string | undefined {
  if (!setting) return undefined;
  if (typeof setting === 'string' || 'canHandle' in setting) return setting as Materializer | string;
  return (setting as Record<string, Materializer | string>)[output];
}

/** Orders steps so each comes after its upstream; unknown `after` ids and cycles are errors. */
function topologicalOrder(pipelineName: string, specs: StepSpec[]): StepSpec[] {
  const byId = new Map(specs.map((spec) => [spec.id, spec]));
  for (const spec of specs) {
    // `upstream` holds the explicit `after` ids until here; add the data dependencies.
    const upstream = new Set<string>();
    for (const id of spec.upstream) {
      if (!byId.has(id)) {
        throw new UsageError(`Step '${spec.id}' of pipeline '${pipelineName}' runs after '${id}', which is not a step of this pipeline.`, `Steps: ${[...byId.keys()].join(', ')}.`);
      }
      if (id === spec.id) throw new UsageError(`Step '${spec.id}' cannot run after itself.`);
      upstream.add(id);
    }
    for (const input of Object.values(spec.inputs)) if (input.kind === 'artifact') upstream.add(input.step);
    spec.upstream = [...upstream];
  }
  // Kahn's algorithm, keeping the order the steps were called in where the graph allows.
  const remaining = new Map(specs.map((spec) => [spec.id, spec.upstream.length]));
  const downstream = new Map<string, string[]>();
  for (const spec of specs) {
    for (const up of spec.upstream) {
      const list = downstream.get(up);
      if (list) list.push(spec.id);
      else downstream.set(up, [spec.id]);
    }
  }
  const ready = specs.filter((spec) => spec.upstream.length === 0).map((spec) => spec.id);
  const ordered: StepSpec[] = [];
  for (let head = 0; head < ready.length; head++) {
    const id = ready[head];
    ordered.push(byId.get(id)!);
    for (const next of downstream.get(id) ?? []) {
      const left = remaining.get(next)! - 1;
      remaining.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  if (ordered.length !== specs.length) {
    const placed = new Set(ordered.map((spec) => spec.id));
    const stuck = specs.filter((spec) => !placed.has(spec.id)).map((spec) => spec.id);
    throw new UsageError(`The steps ${stuck.join(', ')} of pipeline '${pipelineName}' form a cycle through 'after'.`, 'Remove one of the after entries so the steps can be ordered.');
  }
  return ordered;
}
