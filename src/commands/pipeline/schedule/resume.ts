import { ScheduleStateCommand, scheduleArg } from '../../../cli/schedule-commands.js';

export default class PipelineScheduleResume extends ScheduleStateCommand<typeof PipelineScheduleResume> {
  static summary = 'Resume a paused schedule.';
  static description = 'Without catchup the schedule picks up at its next firing from now; with catchup the firings missed while paused run.';
  static examples = ['<%= config.bin %> pipeline schedule resume nightly'];
  static args = scheduleArg;
  protected readonly verb = 'resumed';

  protected async change(nameOrId: string) {
    return (await this.client()).resumeSchedule(nameOrId);
  }
}
