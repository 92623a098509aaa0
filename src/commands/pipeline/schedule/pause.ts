import { ScheduleStateCommand, scheduleArg } from '../../../cli/schedule-commands.js';

export default class PipelineSchedulePause extends ScheduleStateCommand<typeof PipelineSchedulePause> {
  static summary = 'Pause a schedule: no scheduler fires it until it is resumed.';
  static examples = ['<%= config.bin %> pipeline schedule pause nightly'];
  static args = scheduleArg;
  protected readonly verb = 'paused';

  protected async change(nameOrId: string) {
    return (await this.client()).pauseSchedule(nameOrId);
  }
}
