import { UsageError } from './errors.js';
import type { SnapshotSpec, StepSpec } from './snapshot.js';

/**
 * The elements of a `.map()` step. The stored snapshot holds the mapped step once; how many
 * elements it has is known only when the steps it maps over have run. Each element is a
 * step of its own, derived here from the mapped step and its index alone, so any process
 * (the driver, a step process, a worker) derives the same one from the snapshot.
 */

/** Invocation id of element `index` of mapped step `of`: `train_0`, `train_1`, ... */
export function elementId(of: string, index: number): string {
  return `${of}_${index}`;
}

/** A static step whose id looks like an element id of a mapped step would be mistaken for it. */
export function assertElementIdsFree(pipelineName: string, steps: StepSpec[]): void {
  for (const mapped of steps.filter((step) => step.map)) {
    const clash = steps.find((step) => step !== mapped && elementOf(mapped.id, step.id) !== undefined);
    if (clash) {
      throw new UsageError(
        `Step '${clash.id}' of pipeline '${pipelineName}' has the id element ${elementOf(mapped.id, clash.id)} of mapped step '${mapped.id}' would get.`,
        `Give one of them another { id }.`,
      );
    }
  }
}

function elementOf(mappedId: string, id: string): number | undefined {
  if (!id.startsWith(`${mappedId}_`)) return undefined;
  const rest = id.slice(mappedId.length + 1);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

/** Element `index` of mapped step `mapped`: its mapped inputs take item `index` (or element `index` of a mapped upstream). */
export function elementStep(spec: SnapshotSpec, mapped: StepSpec, index: number): StepSpec {
  const mappedInputs = new Set(mapped.map?.inputs ?? []);
  const inputs: StepSpec['inputs'] = {};
  for (const [name, input] of Object.entries(mapped.inputs)) {
    if (!mappedInputs.has(name) || input.kind !== 'artifact') {
      inputs[name] = input;
      continue;
    }
    const upstream = spec.steps.find((step) => step.id === input.step);
    inputs[name] = upstream?.map ? { kind: 'artifact', step: elementId(input.step, index), output: input.output } : { kind: 'artifact', step: input.step, output: input.output, index };
  }
  const id = elementId(mapped.id, index);
  const element = { of: mapped.id, index };
  const { map: _template, ...rest } = mapped;
  return {
    ...rest,
    id,
    inputs,
    // Its default artifact names follow its own id, as any step's do: `<pipeline>::train_3::output`.
    outputs: mapped.outputs.map((output) =>
      output.artifactName === `${spec.pipeline.name}::${mapped.id}::${output.name}` ? { ...output, artifactName: `${spec.pipeline.name}::${id}::${output.name}` } : output,
    ),
    config: { ...mapped.config, element },
    element,
  };
}

/** The step with this invocation id: one of the snapshot's, or an element of one of its mapped steps. */
export function findStep(spec: SnapshotSpec, id: string): StepSpec | undefined {
  const step = spec.steps.find((s) => s.id === id);
  if (step) return step;
  for (const mapped of spec.steps.filter((s) => s.map)) {
    const index = elementOf(mapped.id, id);
    if (index !== undefined) return elementStep(spec, mapped, index);
  }
  return undefined;
}

/** The element ids of mapped step `mappedId` among these invocation ids, in index order (0, 1, ... without gaps). */
export function elementIds(mappedId: string, has: (id: string) => boolean): string[] {
  const ids: string[] = [];
  while (has(elementId(mappedId, ids.length))) ids.push(elementId(mappedId, ids.length));
  return ids;
}

/** Which element a step run is, from its stored config (see ResolvedStepConfig.element). */
export function elementOfConfig(config: unknown): { of: string; index: number } | undefined {
  const element = (config as { element?: { of?: unknown; index?: unknown } } | undefined)?.element;
  return element && typeof element.of === 'string' && typeof element.index === 'number' ? { of: element.of, index: element.index } : undefined;
}
