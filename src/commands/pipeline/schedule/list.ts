import { Flags } from '../../../vendor/oclif.js';
import { ListCommand, type ListRequest } from '../../../cli/entity-commands.js';
import { filterFlags } from '../../../cli/flags.js';
import { scheduleColumns } from '../../../cli/schedule-commands.js';
import type { ScheduleModel } from '../../../core/schedule-entities.js';

export default class PipelineScheduleList extends ListCommand<typeof PipelineScheduleList, ScheduleModel> {
  static summary = 'List schedules, newest first.';
  static examples = ['<%= config.bin %> pipeline schedule list', '<%= config.bin %> pipeline schedule list --pipeline training --active --json'];
  static flags = {
    ...ListCommand.flags,
    ...filterFlags,
    pipeline: Flags.string({ char: 'p', summary: 'Only schedules of this pipeline (name or id).' }),
    active: Flags.boolean({ summary: 'Only active schedules (--no-active: only paused ones).', allowNo: true }),
  };

  protected readonly columns = scheduleColumns;

  protected async fetch(request: ListRequest) {
    return (await this.client()).listSchedules({ ...request, pipeline: this.flags.pipeline, active: this.flags.active });
  }
}
