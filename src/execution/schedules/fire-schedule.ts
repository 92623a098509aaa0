import type { RunOptions } from '../../core/step-config.js';
import type { ScheduleModel } from '../../core/schedule-entities.js';
import type { ZenContext } from '../../context/zen-context.js';
import { launchRun } from '../launch-run.js';
import { PipelineSource } from '../pipeline-source.js';
import type { PipelineRunResult } from '../run-result.js';

/**
 * Runs one firing of a schedule: imports the pipeline file, compiles it with the schedule's run
 * config and launches the run linked to the schedule, the way `zenml pipeline run` does.
 * Claiming the firing (exactly once) is the caller's job: `zenml scheduler` claims it in the
 * store before calling this; an executor with its own exactly-once queue (BullMQ job
 * schedulers) calls this from the job.
 */
export async function fireSchedule(context: ZenContext, schedule: ScheduleModel, firing: { scheduledFor?: string; onProgress?: RunOptions['onProgress']; detach?: boolean } = {}): Promise<PipelineRunResult> {
  const source = await PipelineSource.load(schedule.sourceFile, { exportName: schedule.sourceExport, pipelineName: schedule.pipelineName }, 'zenml scheduler');
  const { schedule: _ignored, ...runConfig } = schedule.runConfig as RunOptions;
  const compiled = await source.compile({ ...runConfig, onProgress: firing.onProgress, ...(firing.detach ? { detach: true } : {}) });
  return launchRun(compiled, context, { scheduleId: schedule.id, scheduledFor: firing.scheduledFor ?? schedule.lastFired });
}
