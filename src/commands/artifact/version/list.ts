import { tagFilterFlag } from '../../../cli/tag-flags.js';
import { artifactVersionColumns } from '../../../cli/columns.js';
import { ListCommand, type ListRequest } from '../../../cli/entity-commands.js';
import { filterFlags } from '../../../cli/flags.js';
import { isPlainFilter } from '../../../core/filters.js';
import type { ArtifactVersionModel } from '../../../core/entities.js';

export default class ArtifactVersionList extends ListCommand<typeof ArtifactVersionList, ArtifactVersionModel> {
  static summary = 'List artifact versions, newest first (of one artifact with --name).';
  static examples = ['<%= config.bin %> artifact version list', '<%= config.bin %> artifact version list --name demo::mean::output --json'];
  static flags = { ...ListCommand.flags, ...filterFlags, tag: tagFilterFlag };

  protected readonly columns = artifactVersionColumns;

  protected async fetch(request: ListRequest) {
    const client = await this.client();
    // An unknown artifact is an error, not an empty list; an expression may match none.
    if (this.flags.name && isPlainFilter(this.flags.name)) await client.getArtifact(this.flags.name);
    const page = await client.listArtifactVersions({ ...request, tag: this.flags.tag });
    return { ...page, items: page.items.map((version) => version.toJSON()) };
  }
}
