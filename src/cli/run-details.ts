import type { SnapshotSpec } from '../core/snapshot.js';
import type { ExecutionStatus, MetadataEntry, RunModel, StepRunModel } from '../core/entities.js';
import { elementOfConfig } from '../core/map-elements.js';
import type { Client } from '../sdk/client.js';
import { durationMs, formatSpan } from './columns.js';
import type { DagNode } from './dag-graph.js';

export interface RunStepDetails {
  invocationId: string;
  stepName: string;
  /** The step run's status, or `pending` for a step of a live run that has not started yet. */
  status: ExecutionStatus | 'pending';
  cached: boolean;
  durationMs: number | null;
  started: string | null;
  ended: string | null;
  attempts: number;
  error: string | null;
  /** Invocation ids this step waited for (its inputs and `after`). */
  upstream: string[];
  stepRunId: string | null;
  outputs: Record<string, { id: string; name: string; version: number | string }>;
  /** Metadata logged on the step run (key → value). */
  metadata: Record<string, unknown>;
  /** On an element of a `.map()` step: which step it maps and its item's index. */
  element?: { of: string; index: number };
}

export interface RunDetails extends Omit<RunModel, 'pipelineName'> {
  pipeline: string;
  durationMs: number | null;
  /** Metadata logged on the run (key → value). */
  metadata: Record<string, unknown>;
  steps: RunStepDetails[];
  /** The DAG drawn as text; only with `--graph`. */
  graph?: string;
}

/** A run with every step of its snapshot (in execution order) joined to the step runs. */
export async function runDetails(client: Client, nameOrId: string): Promise<RunDetails> {
  const result = await client.getPipelineRun(nameOrId);
  const { run } = result;
  const snapshot = await client.getSnapshot(run.snapshotId);
  const stepRuns = Object.values(result.steps).map((step) => step.stepRun);
  const spec = snapshot.spec as SnapshotSpec;
  const byInvocation = new Map(stepRuns.map((s) => [s.invocationId, s]));
  const planned = withElements(spec.steps ?? [], stepRuns);
  // Step runs the snapshot does not list (should not happen) are still shown, after the rest.
  const extra = stepRuns.filter((s) => !planned.some((p) => p.id === s.invocationId));
  const steps: RunStepDetails[] = [];
  for (const step of [...planned.map((p) => ({ id: p.id, stepName: p.stepName, upstream: p.upstream })), ...extra.map((s) => ({ id: s.invocationId, stepName: s.stepName, upstream: [] }))]) {
    const stepRun = byInvocation.get(step.id);
    steps.push({
      invocationId: step.id,
      stepName: step.stepName,
      status: stepRun?.status ?? 'pending',
      cached: stepRun?.cached ?? false,
      durationMs: durationMs(stepRun?.started, stepRun?.ended) ?? null,
      started: stepRun?.started ?? null,
      ended: stepRun?.ended ?? null,
      attempts: stepRun?.attempts ?? 0,
      error: stepRun?.error ?? null,
      upstream: step.upstream,
      stepRunId: stepRun?.id ?? null,
      outputs: stepRun ? outputsOf(result.steps[step.id].outputs) : {},
      metadata: stepRun ? metadataValues(await client.getRunMetadata('step_run', stepRun.id)) : {},
      ...(stepRun && elementOfConfig(stepRun.config) ? { element: elementOfConfig(stepRun.config) } : {}),
    });
  }
  const { pipelineName, ...rest } = run;
  const metadata = metadataValues(await client.getRunMetadata('pipeline_run', run.id));
  return { ...rest, pipeline: pipelineName, durationMs: durationMs(run.started, run.ended) ?? null, metadata, steps };
}

/**
 * The snapshot's steps with each expanded `.map()` step replaced by its elements (the step
 * runs that say they are one of it, in index order), and upstream ids pointing at them.
 */
function withElements(planned: SnapshotSpec['steps'], stepRuns: StepRunModel[]): { id: string; stepName: string; upstream: string[] }[] {
  const elements = new Map<string, string[]>();
  for (const step of planned.filter((p) => p.map && !stepRuns.some((s) => s.invocationId === p.id))) {
    const own = stepRuns.filter((s) => elementOfConfig(s.config)?.of === step.id);
    elements.set(step.id, own.sort((a, b) => elementOfConfig(a.config)!.index - elementOfConfig(b.config)!.index).map((s) => s.invocationId));
  }
  const upstreamOf = (ids: string[]) => ids.flatMap((id) => elements.get(id) ?? [id]);
  return planned.flatMap((p) => {
    const ids = elements.get(p.id);
    const upstream = upstreamOf(p.upstream);
    return ids ? ids.map((id) => ({ id, stepName: p.stepName, upstream })) : [{ id: p.id, stepName: p.stepName, upstream }];
  });
}

function metadataValues(entries: Record<string, MetadataEntry>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).map(([key, entry]) => [key, entry.value]));
}

function outputsOf(versions: Record<string, { id: string; name: string; version: number | string }>): RunStepDetails['outputs'] {
  return Object.fromEntries(Object.entries(versions).map(([output, { id, name, version }]) => [output, { id, name, version }]));
}

const SYMBOLS: Record<string, string> = { completed: '✔', cached: '⟲', failed: '✖', running: '▶', retrying: '↻', skipped: '–', stopped: '■', pending: '·', initializing: '·' };
const ASCII_SYMBOLS: Record<string, string> = { completed: '+', cached: '=', failed: 'x', running: '>', retrying: '~', skipped: '-', stopped: '#', pending: '.', initializing: '.' };

export function statusSymbol(status: string, ascii = false): string {
  return (ascii ? ASCII_SYMBOLS : SYMBOLS)[status] ?? '*';
}

/** DAG nodes labelled with each step's status, duration and cache use. */
export function dagNodes(details: RunDetails, options: { ascii?: boolean } = {}): DagNode[] {
  const separator = options.ascii ? ' - ' : ' · ';
  return details.steps.map((step) => {
    const duration = step.started && step.ended ? formatSpan(step.started, step.ended) : '';
    const label = [`${statusSymbol(step.status, options.ascii)} ${step.status}`, duration, step.cached && step.status !== 'cached' ? 'cache hit' : ''].filter(Boolean).join(separator);
    return { id: step.invocationId, upstream: step.upstream, label: step.element ? `item ${step.element.index}${separator}${label}` : label };
  });
}
