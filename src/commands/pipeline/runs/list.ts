import { Flags } from '../../../vendor/oclif.js';
import { tagFilterFlag } from '../../../cli/tag-flags.js';
import { EXECUTION_STATUSES, runColumns } from '../../../cli/columns.js';
import { ListCommand, type ListRequest } from '../../../cli/entity-commands.js';
import { filterFlags } from '../../../cli/flags.js';
import { UsageError } from '../../../core/errors.js';
import { isPlainFilter } from '../../../core/filters.js';
import type { RunModel } from '../../../core/entities.js';

export default class PipelineRunsList extends ListCommand<typeof PipelineRunsList, RunModel> {
  static summary = 'List pipeline runs, newest first.';
  static examples = ['<%= config.bin %> pipeline runs list', '<%= config.bin %> pipeline runs list --pipeline training --status failed --json'];
  static flags = {
    ...ListCommand.flags,
    ...filterFlags,
    pipeline: Flags.string({ char: 'p', summary: 'Only runs of this pipeline (name or id), or an expression on its name (startswith:train).' }),
    status: Flags.string({ summary: `Only runs with this status (${EXECUTION_STATUSES.join(', ')}), or an expression (oneof:[failed,stopped]).` }),
    tag: tagFilterFlag,
    schedule: Flags.string({ summary: 'Only runs fired by this schedule (name, id or id prefix).' }),
  };

  protected readonly columns = runColumns;

  protected async fetch(request: ListRequest) {
    const client = await this.client();
    const { status, pipeline } = this.flags;
    if (status !== undefined && isPlainFilter(status) && !(EXECUTION_STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`Unknown status '${status}'.`, `Use one of ${EXECUTION_STATUSES.join(', ')}, or an expression such as oneof:[failed,stopped].`);
    }
    // An unknown pipeline is an error, not an empty list that looks like "no runs yet".
    if (pipeline !== undefined && isPlainFilter(pipeline)) await client.getPipeline(pipeline);
    const scheduleId = this.flags.schedule === undefined ? undefined : (await client.getSchedule(this.flags.schedule)).id;
    return client.listPipelineRuns({ ...request, pipeline, status, tag: this.flags.tag, scheduleId });
  }
}
