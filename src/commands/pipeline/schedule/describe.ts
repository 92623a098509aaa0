import { DescribeCommand } from '../../../cli/entity-commands.js';
import { scheduleArg } from '../../../cli/schedule-commands.js';
import type { ScheduleModel } from '../../../core/schedule-entities.js';

export default class PipelineScheduleDescribe extends DescribeCommand<typeof PipelineScheduleDescribe, ScheduleModel> {
  static summary = 'Show a schedule: its pipeline file, cron expression, run config and next firing.';
  static examples = ['<%= config.bin %> pipeline schedule describe nightly', '<%= config.bin %> pipeline schedule describe nightly --json'];
  static args = scheduleArg;

  protected async fetch(): Promise<ScheduleModel> {
    return (await this.client()).getSchedule(this.args.schedule);
  }
}
