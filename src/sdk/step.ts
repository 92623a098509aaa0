import { sha256Hex } from '../core/sha256.js';
import { UsageError } from '../core/errors.js';
import { checkName } from '../core/names.js';
import { activeComposition } from './composition.js';
import { callerFile } from './source-location.js';
import type { OutputRef } from './output-ref.js';
import type { ModelArtifactInput } from '../models/lazy-artifact.js';
import { mappedCall, type MapInputs } from './map.js';
import type { InvocationOptions, StepConfig, StepDefinition } from '../core/step-config.js';

const STEP = Symbol.for('zenml.Step');

/** Something a step input accepts in a pipeline: the value itself, another step's output, or a stored artifact version. */
export type StepInput<T> = T | OutputRef<T> | ArtifactInputOf<T> | ModelArtifactInput<T>;
/** An artifact version from the Client passed as an input (typed loosely: the store does not know TS types). */
export interface ArtifactInputOf<T> {
  readonly id: string;
  load(): Promise<T>;
}

/** With `outputs: ['a', 'b']` the function must return (or resolve to) a record with those keys. */
type ReturnsOutputs<O extends readonly string[]> = [O] extends [never] ? unknown : OutputRecord<O> | PromiseLike<OutputRecord<O>>;
type OutputRecord<O extends readonly string[]> = { [K in O[number]]: unknown };

/** What `step.map()` returns: refs to the list of every element's output(s). */
export type MappedResult<R, O extends readonly string[]> = [O] extends [never] ? OutputRef<R[]> : { [K in O[number]]: OutputRef<(R extends Record<K, infer V> ? V : unknown)[]> };

export type StepInputs<I> = { [K in keyof I]: StepInput<I[K]> };

type OutputsOf<R, O extends readonly string[]> = { [K in O[number]]: OutputRef<R extends Record<K, infer V> ? V : unknown> };

/**
 * What calling a step returns. Inside a pipeline it is an OutputRef (or a record of them);
 * outside, a promise of the function's result. The type carries both so each use checks.
 */
export type StepCallResult<R, O extends readonly string[]> = [O] extends [never]
  ? OutputRef<R> & Promise<R>
  : OutputsOf<R, O> & Promise<R>;

type StepArgs<I> = [unknown] extends [I]
  ? [inputs?: undefined | Record<string, never>, options?: InvocationOptions]
  : [I] extends [void]
    ? [inputs?: undefined, options?: InvocationOptions]
    : {} extends I
      ? [inputs?: StepInputs<I>, options?: InvocationOptions]
      : [inputs: StepInputs<I>, options?: InvocationOptions];

export interface Step<I, R, O extends readonly string[] = never> {
  (...args: StepArgs<I>): StepCallResult<R, O>;
  readonly name: string;
  readonly config: StepConfig;
  readonly entrypoint: (input: I) => R | Promise<R>;
  /**
   * Inside a pipeline: one run of this step per item of the list output(s) passed in
   * (`train.map({ shard: shards })`), decided when the upstream step has run. The result,
   * passed to another step, is the list of every element's output (fan-in); passed to
   * another `.map()`, it is mapped element by element.
   */
  map(inputs: MapInputs<I>, options?: InvocationOptions): MappedResult<R, O>;
  /** A copy of this step with some config replaced. */
  withOptions(config: Omit<StepConfig, 'name' | 'outputs'>): Step<I, R, O>;
}

export type { StepDefinition } from '../core/step-config.js';

export function isStep(value: unknown): value is Step<unknown, unknown> & { [STEP]: StepDefinition } {
  return typeof value === 'function' && (value as unknown as Record<symbol, unknown>)[STEP] !== undefined;
}

export function stepDefinitionOf(value: unknown): StepDefinition {
  return (value as Record<symbol, StepDefinition>)[STEP];
}

export const SINGLE_OUTPUT = 'output';

/**
 * Declares a step. `step({ name: 'train' }, ({ data }: { data: number[] }) => model)`.
 * With `outputs: ['a', 'b']` the function returns `{ a, b }` and the call gives one OutputRef per key.
 */
export function step<I = void, R = unknown, const O extends readonly string[] = never>(
  config: StepConfig<O> & { outputs?: O },
  fn: (input: I) => R & ReturnsOutputs<O>,
): Step<I, Awaited<R>, O>;
export function step<I = void, R = unknown>(fn: (input: I) => R): Step<I, Awaited<R>, never>;
export function step(configOrFn: StepConfig | ((input: unknown) => unknown), maybeFn?: (input: unknown) => unknown): unknown {
  const config = typeof configOrFn === 'function' ? {} : configOrFn;
  const fn = typeof configOrFn === 'function' ? configOrFn : maybeFn;
  if (typeof fn !== 'function') throw new UsageError('step() needs a function: step({ name }, (inputs) => result).');
  const name = config.name ?? fn.name;
  if (!name) throw new UsageError('A step needs a name: step({ name: "train" }, fn), or pass a named function.');
  checkName('Step name', name, { noLeadingDigit: true });
  const outputNames = config.outputs ? [...config.outputs] : [SINGLE_OUTPUT];
  for (const output of outputNames) checkName('Output name', output);
  if (new Set(outputNames).size !== outputNames.length || outputNames.length === 0) {
    throw new UsageError(`Step '${name}' must name each of its outputs once.`);
  }
  return makeStep({ name, config: { ...config, name }, outputNames, fn, sourceHash: hashSource(fn), sourceFile: callerFile() });
}

function makeStep(definition: StepDefinition): unknown {
  const callable = (inputs?: unknown, options?: InvocationOptions) => {
    const composition = activeComposition();
    if (composition) return composition.add(definition, inputs, options);
    // Outside a pipeline a step is just its function.
    return Promise.resolve().then(() => definition.fn(inputs ?? {}));
  };
  Object.defineProperty(callable, 'name', { value: definition.name });
  const map = (inputs: unknown, options?: InvocationOptions) => {
    const composition = activeComposition();
    if (!composition) throw new UsageError(`Step '${definition.name}' .map() works only inside a pipeline function.`, 'Outside a pipeline call the step once per item yourself.');
    return composition.add(definition, inputs, options, mappedCall);
  };
  return Object.assign(callable, {
    [STEP]: definition,
    map,
    config: definition.config,
    entrypoint: definition.fn,
    withOptions: (config: Omit<StepConfig, 'name' | 'outputs'>) =>
      makeStep({ ...definition, config: { ...definition.config, ...config, name: definition.name, outputs: definition.config.outputs } }),
  });
}

function hashSource(fn: (input: never) => unknown): string {
  return sha256Hex(fn.toString()).slice(0, 32);
}
