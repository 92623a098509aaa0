const OUTPUT_REF = Symbol.for('zenml.OutputRef');

/**
 * A placeholder for a step output inside a pipeline definition. Passing it to another step
 * makes that step consume the artifact; the type parameter makes wrong wiring a tsc error.
 */
export class OutputRef<T = unknown> {
  declare readonly __valueType?: T;
  readonly [OUTPUT_REF] = true;

  constructor(
    /** Invocation id of the producing step. */
    readonly invocationId: string,
    readonly outputName: string,
  ) {}

  toString(): string {
    return `OutputRef(${this.invocationId}.${this.outputName})`;
  }
}

export function isOutputRef(value: unknown): value is OutputRef {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[OUTPUT_REF] === true;
}
