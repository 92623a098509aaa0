import { Flags } from '@oclif/core';
import { tagFilterFlag } from '../../cli/tag-flags.js';
import { pipelineColumns } from '../../cli/columns.js';
import { ListCommand } from '../../cli/entity-commands.js';
import type { PipelineModel } from '../../core/entities.js';

export default class PipelineList extends ListCommand<typeof PipelineList, PipelineModel> {
  static summary = 'List pipelines, newest first.';
  static examples = ['<%= config.bin %> pipeline list', '<%= config.bin %> pipeline list -o yaml --size 10'];
  static flags = { ...ListCommand.flags, name: Flags.string({ summary: 'Only the pipeline with this exact name.' }), tag: tagFilterFlag };

  protected readonly columns = pipelineColumns;

  protected async fetch(request: { page: number; size: number }) {
    return (await this.client()).listPipelines({ ...request, name: this.flags.name, tag: this.flags.tag });
  }
}
