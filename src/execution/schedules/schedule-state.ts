import type { ScheduleModel } from '../../core/schedule-entities.js';
import type { ZenStore } from '../../store/zen-store.js';
import type { ZenContext } from '../../context/zen-context.js';
import { nextFiring } from './cron.js';
import { syncScheduleExecutor } from './schedule-executor.js';

/** Pauses a schedule: no scheduler fires it until it is resumed. */
export async function pauseSchedule(store: ZenStore, nameOrId: string): Promise<ScheduleModel> {
  return store.updateSchedule(nameOrId, { active: false });
}

/**
 * Resumes a paused schedule. With catchup the firings missed while paused stay due and run
 * (ZenML: catchup backfills what a pause missed); without it the schedule picks up at its
 * next firing from now, so a resume never runs the pipeline by surprise.
 */
export async function resumeSchedule(store: ZenStore, nameOrId: string): Promise<ScheduleModel> {
  const schedule = await store.getSchedule(nameOrId);
  const missed = schedule.nextFireTime !== undefined && Date.parse(schedule.nextFireTime) < Date.now();
  if (schedule.catchup || !missed) return store.updateSchedule(schedule.id, { active: true });
  const next = await nextFiring(schedule, new Date());
  return store.updateSchedule(schedule.id, next ? { active: true, nextFireTime: next } : { active: true, clearNextFireTime: true });
}

/** Pause, resume or delete through the context: the store, then the stack's own schedule executor (bullmq's job scheduler), follow. */
export async function changeSchedule(context: ZenContext, nameOrId: string, change: 'pause' | 'resume' | 'delete'): Promise<ScheduleModel> {
  if (change === 'delete') {
    const schedule = await context.store.getSchedule(nameOrId);
    await context.store.deleteSchedule(schedule.id);
    await syncScheduleExecutor(context, schedule, 'remove');
    return schedule;
  }
  const schedule = change === 'pause' ? await pauseSchedule(context.store, nameOrId) : await resumeSchedule(context.store, nameOrId);
  await syncScheduleExecutor(context, schedule, 'upsert');
  return schedule;
}
