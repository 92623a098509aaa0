import { tagFilterFlag } from '../../cli/tag-flags.js';
import { pipelineColumns } from '../../cli/columns.js';
import { ListCommand, type ListRequest } from '../../cli/entity-commands.js';
import { filterFlags } from '../../cli/flags.js';
import type { PipelineModel } from '../../core/entities.js';

export default class PipelineList extends ListCommand<typeof PipelineList, PipelineModel> {
  static summary = 'List pipelines, newest first.';
  static examples = ['<%= config.bin %> pipeline list', '<%= config.bin %> pipeline list -o yaml --size 10', '<%= config.bin %> pipeline list --name contains:train --sort-by asc:name'];
  static flags = { ...ListCommand.flags, ...filterFlags, tag: tagFilterFlag };

  protected readonly columns = pipelineColumns;

  protected async fetch(request: ListRequest) {
    return (await this.client()).listPipelines({ ...request, tag: this.flags.tag });
  }
}
