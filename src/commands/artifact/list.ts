import { tagFilterFlag } from '../../cli/tag-flags.js';
import { artifactColumns } from '../../cli/columns.js';
import { ListCommand, type ListRequest } from '../../cli/entity-commands.js';
import { filterFlags } from '../../cli/flags.js';
import type { ArtifactModel } from '../../core/entities.js';

export default class ArtifactList extends ListCommand<typeof ArtifactList, ArtifactModel> {
  static summary = 'List artifacts (named series of versions), most recently updated first.';
  static examples = ['<%= config.bin %> artifact list', '<%= config.bin %> artifact list --name contains:train -o csv', '<%= config.bin %> artifact list --created gte:2026-01-01 --sort-by asc:name'];
  static flags = { ...ListCommand.flags, ...filterFlags, tag: tagFilterFlag };

  protected readonly columns = artifactColumns;

  protected async fetch(request: ListRequest) {
    return (await this.client()).listArtifacts({ ...request, tag: this.flags.tag });
  }
}
