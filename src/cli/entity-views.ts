// The human (table) views that `describe` prints, shared with the `update` commands that
// print the entity they changed the same way.
import type { ArtifactModel, PipelineModel, RunModel } from '../core/entities.js';
import type { TagModel } from '../core/model-entities.js';
import type { Client, StackDescription } from '../sdk/client.js';
import type { ArtifactDetails } from './artifact-details.js';
import { runColumns, shortTime } from './columns.js';
import { formatBytes, formatDuration } from './formats.js';
import type { ModelVersionDetails } from './model-details.js';
import { cell, renderRecord, renderTable } from './output.js';
import type { RunDetails } from './run-details.js';

export async function renderStack(stack: StackDescription, color: boolean): Promise<string> {
  const rows = Object.entries(stack.components).map(([type, c]) => ({ type, ...c! }));
  const title = `Stack '${stack.name}'${stack.active ? ' (active)' : ''}, id ${stack.id}, owner ${stack.owner ?? '-'}`;
  return `${title}\n${await renderTable(rows, [
    { header: 'type', get: (r) => r.type },
    { header: 'name', get: (r) => r.name },
    { header: 'flavor', get: (r) => r.flavor },
    { header: 'config', get: (r) => r.config },
  ], color)}`;
}

const LATEST_RUNS = 5;

export type PipelineDetails = PipelineModel & { runCount: number; latestRuns: Array<Pick<RunModel, 'id' | 'name' | 'status' | 'created'>> };

/** A pipeline with its number of runs and the latest few. */
export async function pipelineDetails(client: Client, nameOrId: string): Promise<PipelineDetails> {
  const pipeline = await client.getPipeline(nameOrId);
  const runs = await client.listPipelineRuns({ pipeline: pipeline.id, size: LATEST_RUNS });
  return { ...pipeline, runCount: runs.total, latestRuns: runs.items.map(({ id, name, status, created }) => ({ id, name, status, created })) };
}

export async function renderPipeline({ latestRuns, ...pipeline }: PipelineDetails, color: boolean): Promise<string> {
  const record = await renderRecord({ ...pipeline, created: shortTime(pipeline.created), updated: shortTime(pipeline.updated) }, color);
  if (latestRuns.length === 0) return `${record}\nNo runs yet.`;
  const columns = runColumns.filter((c) => ['name', 'status', 'created', 'id'].includes(c.header)) as typeof runColumns;
  return `${record}\nLatest runs:\n${await renderTable(latestRuns as RunModel[], columns, color)}`;
}

export async function renderRun({ steps, graph, config: _config, ...run }: RunDetails, color: boolean): Promise<string> {
  const summary = {
    name: run.name,
    id: run.id,
    pipeline: run.pipeline,
    status: run.status,
    reason: run.statusReason,
    created: shortTime(run.created),
    ended: shortTime(run.ended),
    duration: run.durationMs === null ? '' : formatDuration(run.durationMs),
    tags: run.tags,
  };
  const table = await renderTable(steps, [
    { header: 'step', get: (s) => s.invocationId },
    // Only for a run with a `.map()` step: the item each element step ran on.
    ...(steps.some((s) => s.element) ? [{ header: 'item', get: (s: RunDetails['steps'][number]) => s.element?.index }] : []),
    { header: 'status', get: (s) => s.status },
    { header: 'duration', get: (s) => (s.durationMs === null ? '' : formatDuration(s.durationMs)) },
    { header: 'cached', get: (s) => s.cached },
    { header: 'attempts', get: (s) => s.attempts },
    { header: 'error', get: (s) => s.error?.split('\n')[0] },
  ], color);
  const parts = [await renderRecord(summary, color), `Steps:\n${table}`];
  if (Object.keys(run.metadata).length > 0) parts.push(`Run metadata:\n${await renderRecord(run.metadata, color)}`);
  for (const step of steps) {
    if (Object.keys(step.metadata).length > 0) parts.push(`Metadata of step ${step.invocationId}:\n${await renderRecord(step.metadata, color)}`);
  }
  if (graph !== undefined) parts.push(`DAG:\n${graph}`);
  return parts.join('\n');
}

export async function renderModelVersion(details: ModelVersionDetails, color: boolean): Promise<string> {
  const summary = {
    model: details.modelName,
    number: details.number,
    name: details.name,
    id: details.id,
    description: details.description,
    stage: details.stage,
    'stage set by': details.stageChangedBy,
    'stage set at': shortTime(details.stageChangedAt),
    tags: details.tags,
    'data artifacts': details.artifacts.data,
    'model artifacts': details.artifacts.model,
    'deployment artifacts': details.artifacts.deployment,
    runs: details.runs,
    created: shortTime(details.created),
  };
  const parts = [await renderRecord(summary, color)];
  const keys = Object.keys(details.metadata);
  parts.push(
    keys.length === 0
      ? 'Metadata: none'
      : `Metadata:\n${await renderTable(keys, [
          { header: 'key', get: (k) => k },
          { header: 'value', get: (k) => cell(details.metadata[k]) },
          { header: 'type', get: (k) => details.metadataTypes[k] },
        ], color)}`,
  );
  if (details.stageHistory.length > 0) {
    parts.push(`Stage history:\n${await renderTable(details.stageHistory, [
      { header: 'from', get: (h) => h.from },
      { header: 'to', get: (h) => h.to },
      { header: 'by', get: (h) => h.by },
      { header: 'at', get: (h) => shortTime(h.at) },
    ], color)}`);
  }
  return parts.join('\n');
}

export async function renderArtifactVersion(details: ArtifactDetails, color: boolean): Promise<string> {
  const producer = details.producer;
  const summary = {
    name: details.name,
    version: details.version,
    id: details.id,
    type: details.type,
    'data type': details.dataType,
    materializer: details.materializer,
    size: formatBytes(details.size),
    uri: details.uri,
    'content hash': details.contentHash,
    'produced by': producer ? `${producer.runName ?? `${producer.runId} (deleted run)`}${producer.step ? ` / ${producer.step}` : ''}` : 'saved outside a run',
    created: shortTime(details.created),
    tags: details.tags,
  };
  const parts = [await renderRecord(summary, color)];
  const metadata = Object.entries(details.metadata);
  if (metadata.length > 0) parts.push(`Metadata:\n${await renderRecord(Object.fromEntries(metadata.map(([k, v]) => [k, cell(v)])), color)}`);
  const vis = details.visualization;
  if (vis) {
    const body = vis.preview ?? `(unavailable: ${vis.error})`;
    parts.push(`Preview (${vis.type}, ${vis.file}):\n${body}${vis.truncated ? '\n… (truncated)' : ''}`);
  }
  return parts.join('\n');
}

/** An artifact (all its versions): what `artifact update` shows. */
export async function renderArtifact(artifact: ArtifactModel, color: boolean): Promise<string> {
  return renderRecord(
    {
      name: artifact.name,
      id: artifact.id,
      versions: artifact.versionCount,
      'latest version': artifact.latestVersion,
      tags: artifact.tags,
      created: shortTime(artifact.created),
      updated: shortTime(artifact.updated),
    },
    color,
  );
}

/** A tag as `tag update` shows it (the columns of `tag list`, one per line). */
export async function renderTag(tag: TagModel, color: boolean): Promise<string> {
  return renderRecord({ name: tag.name, id: tag.id, color: tag.color, resources: tag.resourceCount, created: shortTime(tag.created) }, color);
}
