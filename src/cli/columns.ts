import type { ArtifactModel, ArtifactVersionModel, ExecutionStatus, PipelineModel, RunModel, StepRunModel } from '../core/entities.js';
import { localTime, type Column } from './output.js';
import { formatDuration } from './formats.js';

/** Every status a run or step run can have, for `--status` flag options. */
export const EXECUTION_STATUSES = ['initializing', 'running', 'completed', 'cached', 'failed', 'retrying', 'stopped', 'skipped'] as const satisfies readonly ExecutionStatus[];

/** Milliseconds between two ISO timestamps, or undefined while either is missing. */
export function durationMs(started?: string, ended?: string): number | undefined {
  if (!started || !ended) return undefined;
  const ms = Date.parse(ended) - Date.parse(started);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

export function formatSpan(started?: string, ended?: string): string {
  const ms = durationMs(started, ended);
  return ms === undefined ? '' : formatDuration(ms);
}

/** Timestamps in hand-built table views: local time, second precision; machine formats keep the ISO string. */
export function shortTime(iso?: string): string {
  return iso ? localTime(iso) : '';
}

export const pipelineColumns: Column<PipelineModel>[] = [
  { header: 'name', get: (p) => p.name },
  { header: 'id', get: (p) => p.id, kind: 'id' },
  { header: 'created', get: (p) => p.created, kind: 'date' },
  { header: 'tags', get: (p) => p.tags },
];

export const runColumns: Column<RunModel>[] = [
  { header: 'name', get: (r) => r.name },
  { header: 'pipeline', get: (r) => r.pipelineName },
  { header: 'status', get: (r) => r.status },
  { header: 'created', get: (r) => r.created, kind: 'date' },
  { header: 'duration', get: (r) => durationMs(r.started, r.ended), kind: 'duration' },
  { header: 'id', get: (r) => r.id, kind: 'id' },
];

export const stepRunColumns: Column<StepRunModel>[] = [
  { header: 'step', get: (s) => s.invocationId },
  { header: 'status', get: (s) => s.status },
  { header: 'cached', get: (s) => s.cached },
  { header: 'duration', get: (s) => durationMs(s.started, s.ended), kind: 'duration' },
  { header: 'attempts', get: (s) => s.attempts },
  { header: 'id', get: (s) => s.id, kind: 'id' },
];

export const artifactColumns: Column<ArtifactModel>[] = [
  { header: 'name', get: (a) => a.name },
  { header: 'latest', get: (a) => a.latestVersion },
  { header: 'versions', get: (a) => a.versionCount },
  { header: 'updated', get: (a) => a.updated, kind: 'date' },
  { header: 'tags', get: (a) => a.tags },
  { header: 'id', get: (a) => a.id, kind: 'id' },
];

export const artifactVersionColumns: Column<ArtifactVersionModel>[] = [
  { header: 'name', get: (v) => v.name },
  { header: 'version', get: (v) => v.version },
  { header: 'data type', get: (v) => v.dataType },
  { header: 'materializer', get: (v) => v.materializer },
  { header: 'size', get: (v) => v.size, kind: 'bytes' },
  { header: 'created', get: (v) => v.created, kind: 'date' },
  { header: 'id', get: (v) => v.id, kind: 'id' },
];
