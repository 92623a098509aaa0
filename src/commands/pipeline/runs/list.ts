import { Flags } from '@oclif/core';
import { tagFilterFlag } from '../../../cli/tag-flags.js';
import { EXECUTION_STATUSES, runColumns } from '../../../cli/columns.js';
import { ListCommand } from '../../../cli/entity-commands.js';
import type { RunModel } from '../../../core/entities.js';

export default class PipelineRunsList extends ListCommand<typeof PipelineRunsList, RunModel> {
  static summary = 'List pipeline runs, newest first.';
  static examples = ['<%= config.bin %> pipeline runs list', '<%= config.bin %> pipeline runs list --pipeline training --status failed --json'];
  static flags = {
    ...ListCommand.flags,
    pipeline: Flags.string({ char: 'p', summary: 'Only runs of this pipeline (name or id).' }),
    status: Flags.string({ summary: 'Only runs with this status.', options: [...EXECUTION_STATUSES] }),
    tag: tagFilterFlag,
  };

  protected readonly columns = runColumns;

  protected async fetch(request: { page: number; size: number }) {
    const client = await this.client();
    // An unknown pipeline is an error, not an empty list that looks like "no runs yet".
    if (this.flags.pipeline) await client.getPipeline(this.flags.pipeline);
    return client.listPipelineRuns({ ...request, pipeline: this.flags.pipeline, status: this.flags.status as RunModel['status'] | undefined, tag: this.flags.tag });
  }
}
