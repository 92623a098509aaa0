import { NotFoundError } from '../../core/errors.js';
import type { ScheduleModel } from '../../core/schedule-entities.js';
import type { ZenContext } from '../../context/zen-context.js';
import type { Stack } from '../../stack/stack.js';
import type { PipelineRunResult } from '../run-result.js';

// zenml/plugin re-exports fireDueSchedule, so every process that loads an orchestrator plugin
// (a plain `pipeline run` too) loads this file: what it needs only when a schedule fires or
// changes is imported then.

async function loadValidatedStack(context: ZenContext, stackName: string): Promise<Stack> {
  return (await import('../../stack/stack-validation.js')).loadValidatedStack(context, stackName);
}

/** The stack a schedule's firings run on (recorded in its run config when it was created). */
export const scheduleStackName = (schedule: ScheduleModel): string | undefined => (typeof schedule.runConfig.stack === 'string' ? schedule.runConfig.stack : undefined);

/**
 * After a schedule was created, paused, resumed or deleted: an orchestrator that fires
 * schedules itself (bullmq) is told, so its job scheduler follows. A schedule whose stack is
 * gone has nothing to follow it.
 */
export async function syncScheduleExecutor(context: ZenContext, schedule: ScheduleModel, change: 'upsert' | 'remove'): Promise<void> {
  const stackName = scheduleStackName(schedule);
  if (!stackName) return;
  let orchestrator;
  try {
    orchestrator = await (await loadValidatedStack(context, stackName)).orchestrator();
  } catch (error) {
    if (error instanceof NotFoundError && change === 'remove') return;
    throw error;
  }
  await orchestrator.syncSchedule?.(schedule, change);
}

/**
 * True when the schedule's stack has workers that fire it (`zenml scheduler` then leaves it
 * alone). Answers are kept a short while: the scheduler asks on every look at the store.
 */
export function workerDrivenStacks(context: ZenContext, keepMs = 10_000): (schedule: ScheduleModel) => Promise<boolean> {
  const known = new Map<string, { at: number; workerDriven: Promise<boolean> }>();
  return async (schedule) => {
    const stackName = scheduleStackName(schedule);
    if (!stackName) return false;
    const cached = known.get(stackName);
    if (cached && Date.now() - cached.at < keepMs) return cached.workerDriven;
    const workerDriven = loadValidatedStack(context, stackName)
      .then((stack) => stack.orchestrator())
      .then((orchestrator) => orchestrator.workerDriven === true && typeof orchestrator.syncSchedule === 'function')
      // A stack that cannot load now is the local scheduler's to try (its firing then reports why).
      .catch(() => false);
    known.set(stackName, { at: Date.now(), workerDriven });
    return workerDriven;
  };
}

/**
 * One firing of a schedule by an orchestrator's own executor (a BullMQ job scheduler's job):
 * claims the due firing in the store (so it runs once, however many executors or schedulers
 * see it) and launches its run detached, its steps queued for the workers. Undefined when the
 * firing was not due or not ours (paused, deleted, already claimed).
 */
export async function fireDueSchedule(context: ZenContext, scheduleId: string, options: { scheduledFor?: Date } = {}): Promise<PipelineRunResult | undefined> {
  let schedule: ScheduleModel;
  try {
    schedule = await context.store.getSchedule(scheduleId);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
  // The job may be handed out a hair before its time by another machine's clock: the time it
  // was scheduled for counts as now.
  const now = new Date(Math.max(Date.now(), options.scheduledFor?.getTime() ?? 0));
  const { planFiring } = await import('./cron.js');
  const plan = await planFiring(schedule, now);
  if (!plan) return undefined;
  const claimed = await context.store.claimScheduleFiring(schedule.id, plan);
  if (!claimed) return undefined;
  const { fireSchedule } = await import('./fire-schedule.js');
  return fireSchedule(context, claimed, { scheduledFor: plan.lastFired, detach: true });
}
