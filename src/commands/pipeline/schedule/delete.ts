import { DeleteCommand, type DeleteTarget } from '../../../cli/entity-commands.js';
import { scheduleArg } from '../../../cli/schedule-commands.js';

export default class PipelineScheduleDelete extends DeleteCommand<typeof PipelineScheduleDelete> {
  static summary = 'Delete a schedule (the runs it fired stay).';
  static examples = ['<%= config.bin %> pipeline schedule delete nightly -y'];
  static args = scheduleArg;

  protected async find(): Promise<DeleteTarget> {
    const schedule = await (await this.client()).getSchedule(this.args.schedule);
    return { type: 'schedule', id: schedule.id, name: schedule.name };
  }

  protected async remove(target: DeleteTarget): Promise<void> {
    await (await this.client()).deleteSchedule(target.id);
  }
}
