import { Args, Flags, type Command } from '../vendor/oclif.js';
import type { ScheduleModel } from '../core/schedule-entities.js';
import type { Column } from './output.js';
import { ZenCommand } from './zen-command.js';

export const scheduleColumns: Column<ScheduleModel>[] = [
  { header: 'name', get: (s) => s.name },
  { header: 'pipeline', get: (s) => s.pipelineName },
  { header: 'cron', get: (s) => s.cronExpression },
  { header: 'timezone', get: (s) => s.timezone ?? 'UTC' },
  { header: 'active', get: (s) => s.active, kind: 'flag' },
  { header: 'next fire', get: (s) => s.nextFireTime, kind: 'date' },
  { header: 'last fired', get: (s) => s.lastFired, kind: 'date' },
  { header: 'id', get: (s) => s.id, kind: 'id' },
];

export const scheduleArg = { schedule: Args.string({ description: 'Name, id or id prefix of the schedule.', required: true }) };

/** Flags that shape when a schedule fires (ZenML's Schedule fields), shared by `schedule create` and `pipeline run --schedule`. */
export const scheduleTimingFlags = {
  timezone: Flags.string({ summary: 'IANA time zone the cron expression is read in (default UTC).' }),
  start: Flags.string({ summary: 'No firing before this time (ISO 8601).' }),
  end: Flags.string({ summary: 'No firing after this time (ISO 8601).' }),
  catchup: Flags.boolean({ summary: 'Run every firing missed while no scheduler ran (default: only the latest, once).', default: false }),
};

/** `pipeline schedule pause|resume`: change one schedule's state through the Client and print it. */
export abstract class ScheduleStateCommand<T extends typeof Command> extends ZenCommand<T> {
  protected abstract readonly verb: string;
  protected abstract change(nameOrId: string): Promise<ScheduleModel>;

  async run(): Promise<ScheduleModel> {
    const schedule = await this.change((this.args as { schedule: string }).schedule);
    this.log(`Schedule ${schedule.name} ${this.verb}${schedule.active && schedule.nextFireTime ? `; next firing ${schedule.nextFireTime}` : ''}.`);
    return schedule;
  }
}
