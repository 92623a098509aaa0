import { Flags } from '@oclif/core';
import { ListCommand } from '../../cli/entity-commands.js';
import { modelColumns } from '../../cli/model-columns.js';
import { tagFilterFlag } from '../../cli/tag-flags.js';
import type { ModelModel } from '../../core/model-entities.js';

export default class ModelList extends ListCommand<typeof ModelList, ModelModel> {
  static summary = 'List models, newest first.';
  static examples = ['<%= config.bin %> model list', '<%= config.bin %> model list --tag tabular --json'];
  static flags = { ...ListCommand.flags, name: Flags.string({ char: 'n', summary: 'Only models whose name contains this.' }), tag: tagFilterFlag };

  protected readonly columns = modelColumns;

  protected async fetch(request: { page: number; size: number }) {
    return (await this.client()).listModels({ ...request, name: this.flags.name, tag: this.flags.tag });
  }
}
