import { Flags } from '@oclif/core';
import { ListCommand } from '../../cli/entity-commands.js';
import { tagColumns } from '../../cli/model-columns.js';
import type { TagModel } from '../../core/model-entities.js';

export default class TagList extends ListCommand<typeof TagList, TagModel> {
  static summary = 'List tags with how many pipelines, runs, artifacts and models carry each.';
  static examples = ['<%= config.bin %> tag list', '<%= config.bin %> tag list --name prod --json'];
  static flags = { ...ListCommand.flags, name: Flags.string({ char: 'n', summary: 'Only tags whose name contains this.' }) };

  protected readonly columns = tagColumns;

  protected async fetch(request: { page: number; size: number }) {
    return (await this.client()).listTags({ ...request, name: this.flags.name });
  }
}
