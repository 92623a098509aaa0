import { AsyncLocalStorage } from 'node:async_hooks';
import { UsageError } from '../core/errors.js';
import { checkName } from '../core/names.js';
import { processSingleton } from '../core/process-state.js';
import { OutputRef, isOutputRef } from './output-ref.js';
import type { InvocationOptions } from '../core/step-config.js';
import type { StepDefinition } from './step.js';
import { isArtifactVersionLike } from '../core/artifact-brand.js';
import { isModelArtifactInput } from '../models/lazy-artifact.js';
import type { InputSpec } from '../core/snapshot.js';
import { assertJsonSerializable } from './json-check.js';

export type { InputSpec } from '../core/snapshot.js';

/** One call of a step inside a pipeline function. */
export interface Invocation {
  id: string;
  step: StepDefinition;
  parameters: Record<string, unknown>;
  /** Every input key the call passed, with a value or `undefined` (a run option may set those). */
  inputNames: string[];
  artifactInputs: Record<string, InputSpec>;
  after: string[];
  /** Set by `step.map(...)`: the inputs mapped element-wise (see fan-out.ts). */
  map?: string[];
}

/** Records the step calls a pipeline function makes. */
export class Composition {
  readonly invocations = new Map<string, Invocation>();
  private readonly nameCounts = new Map<string, number>();

  constructor(readonly pipelineName: string) {}

  add(step: StepDefinition, inputs: unknown, options: InvocationOptions = {}, mapped?: (id: string, inputs: unknown) => MappedCall): OutputRef | Record<string, OutputRef> {
    const id = options.id ?? this.nextId(step.name);
    if (options.id !== undefined) checkName('Step id', id);
    if (this.invocations.has(id)) {
      throw new UsageError(`Pipeline '${this.pipelineName}' invokes two steps with the id '${id}'.`, 'Give one of them another { id }.');
    }
    const parameters: Record<string, unknown> = {};
    const artifactInputs: Record<string, InputSpec> = {};
    const inputNames: string[] = [];
    const call = mapped?.(id, inputs);
    if (call) inputs = call.inputs;
    if (inputs !== undefined && inputs !== null) {
      if (typeof inputs !== 'object' || Array.isArray(inputs)) {
        throw new UsageError(`Step '${id}' takes one object argument whose keys are its input names.`);
      }
      for (const [name, value] of Object.entries(inputs as Record<string, unknown>)) {
        inputNames.push(name);
        if (value === undefined) continue;
        if (isOutputRef(value)) {
          if (!this.invocations.has(value.invocationId)) {
            throw new UsageError(`Step '${id}' input '${name}' comes from '${value.invocationId}', which is not part of pipeline '${this.pipelineName}'.`);
          }
          artifactInputs[name] = { kind: 'artifact', step: value.invocationId, output: value.outputName };
          // A `.map()` step's output passed whole (not mapped over) is the list of its elements' outputs.
          if (this.invocations.get(value.invocationId)!.map && !call?.map.includes(name)) artifactInputs[name].collect = true;
        } else if (isArtifactVersionLike(value)) {
          artifactInputs[name] = { kind: 'external', artifactVersionId: value.id };
        } else if (isModelArtifactInput(value)) {
          artifactInputs[name] = { kind: 'model_artifact', ...value.modelArtifact };
        } else {
          assertJsonSerializable(value, `Parameter '${name}' of step '${id}'`);
          parameters[name] = value;
        }
      }
    }
    this.invocations.set(id, { id, step, parameters, inputNames, artifactInputs, after: [...(options.after ?? [])], ...(call ? { map: call.map } : {}) });
    if (step.outputNames.length === 1 && !step.config.outputs) return new OutputRef(id, step.outputNames[0]);
    return Object.fromEntries(step.outputNames.map((name) => [name, new OutputRef(id, name)]));
  }

  private nextId(name: string): string {
    const count = (this.nameCounts.get(name) ?? 0) + 1;
    this.nameCounts.set(name, count);
    if (count === 1 && !this.invocations.has(name)) return name;
    let n = Math.max(count, 2);
    while (this.invocations.has(`${name}_${n}`)) n++;
    this.nameCounts.set(name, n);
    return `${name}_${n}`;
  }
}

/** What `step.map()` hands `add`: the inputs with `unmapped()` wrappers removed, and the names mapped over. */
export interface MappedCall {
  inputs: Record<string, unknown>;
  map: string[];
}

// Per async context rather than a plain global, so two pipelines compiled at once in one
// process (e.g. `Promise.all([a(), b()])`) each record only their own step calls.
const storage = processSingleton('compositionContext', () => new AsyncLocalStorage<Composition>());
/** Pipelines being composed right now, across the whole process. */
const inFlight = processSingleton('compositionsInFlight', () => ({ count: 0 }));

export function activeComposition(): Composition | undefined {
  return storage.getStore();
}

/** Runs a pipeline function with `composition` recording its step calls. */
export async function compose<T>(composition: Composition, body: () => T | Promise<T>): Promise<void> {
  if (storage.getStore()) throw new UsageError('A pipeline cannot be called inside another pipeline definition.');
  inFlight.count++;
  try {
    await storage.run(composition, async () => {
      await body();
    });
  } finally {
    // While an AsyncLocalStorage is enabled, Node 20 runs a hook for every promise the process
    // creates, to the end of the process: a good part of a short run's CPU. Once no pipeline
    // is being composed, this one is switched off (the next compose switches it on again).
    if (--inFlight.count === 0) storage.disable();
  }
}
