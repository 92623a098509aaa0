import type { ArtifactModel, ArtifactVersionModel, ExecutionStatus, PipelineModel, RunModel, StepRunModel } from '../core/entities.js';
import type { Column } from './output.js';
import { formatDuration } from './run-progress.js';

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

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || bytes === null) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Timestamps in tables: local-looking, second precision; machine formats keep the ISO string. */
export function shortTime(iso?: string): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

export const pipelineColumns: Column<PipelineModel>[] = [
  { header: 'name', get: (p) => p.name },
  { header: 'id', get: (p) => p.id },
  { header: 'created', get: (p) => shortTime(p.created) },
  { header: 'tags', get: (p) => p.tags },
];

export const runColumns: Column<RunModel>[] = [
  { header: 'name', get: (r) => r.name },
  { header: 'pipeline', get: (r) => r.pipelineName },
  { header: 'status', get: (r) => r.status },
  { header: 'created', get: (r) => shortTime(r.created) },
  { header: 'duration', get: (r) => formatSpan(r.started, r.ended) },
  { header: 'id', get: (r) => r.id },
];

export const stepRunColumns: Column<StepRunModel>[] = [
  { header: 'step', get: (s) => s.invocationId },
  { header: 'status', get: (s) => s.status },
  { header: 'cached', get: (s) => s.cached },
  { header: 'duration', get: (s) => formatSpan(s.started, s.ended) },
  { header: 'attempts', get: (s) => s.attempts },
  { header: 'id', get: (s) => s.id },
];

export const artifactColumns: Column<ArtifactModel>[] = [
  { header: 'name', get: (a) => a.name },
  { header: 'latest', get: (a) => a.latestVersion },
  { header: 'versions', get: (a) => a.versionCount },
  { header: 'updated', get: (a) => shortTime(a.updated) },
  { header: 'tags', get: (a) => a.tags },
  { header: 'id', get: (a) => a.id },
];

export const artifactVersionColumns: Column<ArtifactVersionModel>[] = [
  { header: 'name', get: (v) => v.name },
  { header: 'version', get: (v) => v.version },
  { header: 'data type', get: (v) => v.dataType },
  { header: 'materializer', get: (v) => v.materializer },
  { header: 'size', get: (v) => formatBytes(v.size) },
  { header: 'created', get: (v) => shortTime(v.created) },
  { header: 'id', get: (v) => v.id },
];
