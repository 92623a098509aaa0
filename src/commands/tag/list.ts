import { ListCommand, type ListRequest } from '../../cli/entity-commands.js';
import { filterFlags } from '../../cli/flags.js';
import { tagColumns } from '../../cli/model-columns.js';
import type { TagModel } from '../../core/model-entities.js';

export default class TagList extends ListCommand<typeof TagList, TagModel> {
  static summary = 'List tags with how many pipelines, runs, artifacts and models carry each.';
  static examples = ['<%= config.bin %> tag list', '<%= config.bin %> tag list --name prod --json'];
  static flags = { ...ListCommand.flags, ...filterFlags };

  protected readonly columns = tagColumns;

  protected async fetch(request: ListRequest) {
    return (await this.client()).listTags(request);
  }
}
