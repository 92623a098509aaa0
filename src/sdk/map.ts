import { UsageError } from '../core/errors.js';
import { isOutputRef, type OutputRef } from './output-ref.js';
import type { MappedCall } from './composition.js';

const UNMAPPED = Symbol.for('zenml.Unmapped');

/** A value `step.map()` passes whole to every element instead of mapping over it (ZenML's `unmapped`). */
export interface Unmapped<T> {
  readonly [UNMAPPED]: true;
  readonly value: T;
}

/** Wraps a step output so `step.map()` gives each element all of it, not one item. */
export function unmapped<T>(value: T): Unmapped<T> {
  return { [UNMAPPED]: true, value };
}

function isUnmapped(value: unknown): value is Unmapped<unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[UNMAPPED] === true;
}

/**
 * Splits the inputs of a `step.map()` call: every step output passed as is is mapped over
 * (one element step per item of the list it holds, known only when that step has run);
 * `unmapped(...)` outputs and plain values reach every element whole.
 */
export function mappedCall(stepId: string, inputs: unknown): MappedCall {
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
    throw new UsageError(`Step '${stepId}' .map() takes one object argument whose keys are its input names.`);
  }
  const plain: Record<string, unknown> = {};
  const map: string[] = [];
  for (const [name, value] of Object.entries(inputs as Record<string, unknown>)) {
    if (isUnmapped(value)) plain[name] = value.value;
    else {
      if (isOutputRef(value)) map.push(name);
      plain[name] = value;
    }
  }
  if (map.length === 0) {
    throw new UsageError(`Step '${stepId}' .map() maps over no step output.`, 'Pass at least one output of an earlier step (a list) as an input of .map(); wrap the ones to pass whole in unmapped().');
  }
  return { inputs: plain, map };
}

/** The inputs `step.map()` accepts: a list output to map over, the item value itself, or unmapped(...). */
export type MapInputs<I> = { [K in keyof I]: I[K] | OutputRef<I[K][]> | OutputRef<I[K]> | Unmapped<I[K] | OutputRef<I[K]>> };
