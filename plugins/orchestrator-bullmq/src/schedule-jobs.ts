import type { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { fireDueSchedule, errorMessage, type ScheduleModel, type ZenContext } from 'zenml/plugin';
import { queueName, type BullmqConfig } from './config.js';
import { openRedis } from './step-queue.js';

/** What a schedule's job carries: which schedule, in which store. */
export interface ScheduleJobData {
  scheduleId: string;
  storeUrl: string;
}

/** The queue beside the step queue whose BullMQ job schedulers fire the schedules of this orchestrator's stacks. */
export const scheduleQueueName = (config: BullmqConfig): string => `${queueName(config)}.schedules`;
const schedulerId = (scheduleId: string): string => `schedule.${scheduleId}`;

/**
 * Registers, changes or removes the job scheduler of a schedule: an active schedule with a
 * next firing has one (its cron, time zone, start and end); a paused, ended or deleted one
 * has none.
 */
export async function syncJobScheduler(config: BullmqConfig, schedule: ScheduleModel, change: 'upsert' | 'remove', storeUrl: string): Promise<void> {
  const { Queue } = await import('bullmq');
  const connection = await openRedis(config);
  const queue: Queue<ScheduleJobData> = new Queue(scheduleQueueName(config), { connection });
  try {
    if (change === 'upsert' && schedule.active && schedule.nextFireTime !== undefined) {
      await queue.upsertJobScheduler(
        schedulerId(schedule.id),
        {
          pattern: schedule.cronExpression,
          tz: schedule.timezone ?? 'UTC',
          ...(schedule.startTime ? { startDate: schedule.startTime } : {}),
          ...(schedule.endTime ? { endDate: schedule.endTime } : {}),
        },
        { name: 'fire', data: { scheduleId: schedule.id, storeUrl }, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
      );
    } else {
      await queue.removeJobScheduler(schedulerId(schedule.id));
    }
  } finally {
    await queue.close();
    await connection.quit().catch(() => undefined);
  }
}

/**
 * The part of a worker that takes schedule jobs: each claims its firing in the store (once,
 * whichever worker or scheduler gets there) and launches the run detached, its steps queued
 * for the workers.
 */
export async function startScheduleWorker(config: BullmqConfig, context: ZenContext, connection: Redis, log: (line: string) => void): Promise<Worker<ScheduleJobData>> {
  const { Worker } = await import('bullmq');
  const worker = new Worker<ScheduleJobData>(
    scheduleQueueName(config),
    async (job) => {
      if (job.data.storeUrl !== context.store.url) return 'not this store';
      const scheduledFor = new Date(job.timestamp + (job.opts.delay ?? 0));
      try {
        const run = await fireDueSchedule(context, job.data.scheduleId, { scheduledFor });
        if (run) log(`Schedule ${job.data.scheduleId} fired run ${run.name}.`);
        return run?.id ?? 'not due';
      } catch (error) {
        log(`Schedule ${job.data.scheduleId} could not fire: ${errorMessage(error)}`);
        throw error;
      }
    },
    { connection, concurrency: 2 },
  );
  await worker.waitUntilReady();
  return worker;
}
