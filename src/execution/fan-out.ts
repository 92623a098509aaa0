import { sha256Hex } from '../core/sha256.js';
import { loadArtifactValue } from '../artifacts/load.js';
import type { ArtifactVersionModel } from '../core/entities.js';
import { errorMessage, ZenError } from '../core/errors.js';
import { elementStep } from '../core/map-elements.js';
import type { StepSpec } from '../core/snapshot.js';
import { stableStringify } from '../core/stable-json.js';
import type { RunJob } from '../stack/orchestrator.js';

/**
 * Dynamic fan-out at run time: when the steps a `.map()` step maps over have run, the number
 * of items is read from their outputs and one element step per item joins the run.
 */
export async function expandMappedStep(job: RunJob, mapped: StepSpec, elementCounts: ReadonlyMap<string, number>): Promise<StepSpec[]> {
  let count: number | undefined;
  let first = '';
  for (const name of mapped.map?.inputs ?? []) {
    const input = mapped.inputs[name];
    if (input?.kind !== 'artifact') continue;
    const length = elementCounts.get(input.step) ?? (await listLength(job, mapped, name, input.step, input.output));
    if (count !== undefined && length !== count) {
      throw new ZenError(`Step '${mapped.id}' maps over inputs of different lengths: '${first}' has ${count} items, '${name}' has ${length}.`, {
        hint: 'Map over lists of the same length, or pass one of them whole with unmapped(...).',
      });
    }
    count = length;
    first ||= name;
  }
  return Array.from({ length: count ?? 0 }, (_, index) => elementStep(job.spec, mapped, index));
}

async function listLength(job: RunJob, mapped: StepSpec, name: string, upstream: string, output: string): Promise<number> {
  const stepRun = (await job.store.listStepRuns(job.run.id)).filter((s) => s.invocationId === upstream).at(-1);
  const versionId = stepRun?.outputs[output];
  if (!versionId) throw new ZenError(`Step '${mapped.id}' maps over input '${name}', but step '${upstream}' stored no output '${output}'.`, { hint: `Make '${upstream}' return a list.` });
  const value = await loadArtifactValue(job.artifactStore, await job.store.getArtifactVersion(versionId), job.materializers);
  if (!Array.isArray(value)) {
    throw new ZenError(`Step '${mapped.id}' maps over input '${name}', but the output '${output}' of step '${upstream}' is ${describe(value)}, not a list.`, {
      hint: `Return an array from '${upstream}', or pass it whole with unmapped(...).`,
    });
  }
  return value.length;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  return `a ${typeof value}`;
}

/** A mapped step that could not be expanded is recorded failed under its own id, with the reason. */
export async function failMappedStep(job: RunJob, mapped: StepSpec, error: unknown): Promise<string> {
  const message = errorMessage(error);
  const created = await job.store.createStepRun({ runId: job.run.id, invocationId: mapped.id, stepName: mapped.stepName, status: 'failed', parameters: mapped.parameters, config: { ...mapped.config }, inputs: {} });
  await job.store.updateStepRun(created.id, { status: 'failed', error: message, ended: new Date().toISOString() });
  job.reportStep?.(mapped, 'failed', { error: message });
  return message;
}

/** Items of list artifacts loaded for an element's input, so the list is read once per step run. */
const loadedLists = new WeakMap<ArtifactVersionModel, Promise<unknown>>();

/** Item `index` of the list an element maps over. */
export async function elementItem(load: () => Promise<unknown>, version: ArtifactVersionModel, index: number, stepId: string): Promise<unknown> {
  let list = loadedLists.get(version);
  if (!list) {
    list = load();
    loadedLists.set(version, list);
  }
  const value = await list;
  if (!Array.isArray(value) || index >= value.length) {
    throw new ZenError(`Step '${stepId}' maps over artifact '${version.name}' version ${version.version}, which has no item ${index}.`);
  }
  return value[index];
}

/** What identifies one item in a cache key: its own content, so changing one item re-runs only its element. */
export function itemIdentity(item: unknown, version: ArtifactVersionModel, index: number): string {
  let text: string | undefined;
  try {
    text = stableStringify(item);
  } catch {
    text = undefined;
  }
  // Values JSON cannot tell apart (a Map, a typed array) fall back to the list's identity and the index.
  const plain = text !== undefined && (item === null || typeof item !== 'object' || Array.isArray(item) || Object.getPrototypeOf(item) === Object.prototype);
  return plain ? `item:${sha256Hex(text!)}` : `item:${version.contentHash ?? version.id}#${index}`;
}
