import { UsageError } from '../../core/errors.js';
import type { CompiledPipeline, RunOptions } from '../../core/step-config.js';
import type { ScheduleConfig, ScheduleModel } from '../../core/schedule-entities.js';
import type { PipelineRunResult } from '../run-result.js';
import { resolveActiveStack, type ZenContext } from '../../context/zen-context.js';
import { nextFiring, scheduleTiming } from './cron.js';

export interface ScheduleSource {
  /** Absolute path of the pipeline file. */
  file: string;
  /** The export to run; when unknown (a pipeline scheduled from its own file), found by pipeline name. */
  exportName?: string;
}

/**
 * Stores a schedule for a compiled pipeline. The run options (minus callbacks and the
 * schedule itself) are kept for every firing, with the stack it was created on unless one is
 * named. The schedule's timing was validated before the pipeline was even imported.
 */
export async function storeSchedule(context: ZenContext, compiled: CompiledPipeline, source: ScheduleSource, config: ScheduleConfig): Promise<ScheduleModel> {
  const timing = await scheduleTiming(config);
  const { onProgress: _progress, schedule: _schedule, ...options } = compiled.options;
  const runConfig: RunOptions = { ...options };
  if (runConfig.configPath) runConfig.configPath = (await import('node:path')).resolve(runConfig.configPath);
  const stackName = runConfig.stack ?? (await resolveActiveStack(context.config)).name;
  runConfig.stack = (await context.store.getStack(stackName)).name;
  const now = new Date();
  const nextFireTime = await nextFiring(timing, now);
  if (nextFireTime === undefined) throw new UsageError(`The schedule ends (${timing.endTime}) before its next firing: it would never run.`, 'Give a later --end, or none.');
  const pipeline = await context.store.getOrCreatePipeline(compiled.spec.pipeline.name, compiled.spec.pipeline.description);
  const schedule = await context.store.createSchedule({
    name: config.name ?? defaultScheduleName(pipeline.name, now),
    pipelineId: pipeline.id,
    sourceFile: source.file,
    sourceExport: source.exportName,
    runConfig: JSON.parse(JSON.stringify(runConfig)) as Record<string, unknown>,
    ...timing,
    active: true,
    nextFireTime,
  });
  // On a stack whose workers fire schedules (bullmq), their job scheduler is registered now; a
  // schedule nothing would fire is not kept.
  const { syncScheduleExecutor } = await import('./schedule-executor.js');
  try {
    await syncScheduleExecutor(context, schedule, 'upsert');
  } catch (error) {
    await context.store.deleteSchedule(schedule.id).catch(() => undefined);
    throw error;
  }
  return schedule;
}

/** ZenML's default: the pipeline name and the time of creation. */
function defaultScheduleName(pipelineName: string, date: Date): string {
  const iso = date.toISOString();
  return `${pipelineName}-${iso.slice(0, 10).replaceAll('-', '_')}-${iso.slice(11, 23).replace(/[:.]/g, '_')}`;
}

/** What a pipeline call that created a schedule resolves to: no run (yet), the schedule. */
export function scheduledResult(schedule: ScheduleModel): PipelineRunResult {
  return { id: '', name: schedule.name, pipelineName: schedule.pipelineName, status: 'scheduled', steps: {}, schedule, run: undefined } as unknown as PipelineRunResult;
}
