import { ListCommand, type ListRequest } from '../../cli/entity-commands.js';
import { filterFlags } from '../../cli/flags.js';
import { modelColumns } from '../../cli/model-columns.js';
import { tagFilterFlag } from '../../cli/tag-flags.js';
import type { ModelModel } from '../../core/model-entities.js';

export default class ModelList extends ListCommand<typeof ModelList, ModelModel> {
  static summary = 'List models, newest first.';
  static examples = ['<%= config.bin %> model list', '<%= config.bin %> model list --tag tabular --json'];
  static flags = { ...ListCommand.flags, ...filterFlags, tag: tagFilterFlag };

  protected readonly columns = modelColumns;

  protected async fetch(request: ListRequest) {
    return (await this.client()).listModels({ ...request, tag: this.flags.tag });
  }
}
