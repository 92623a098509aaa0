import { Flags } from '@oclif/core';
import { tagFilterFlag } from '../../../cli/tag-flags.js';
import { artifactVersionColumns } from '../../../cli/columns.js';
import { ListCommand } from '../../../cli/entity-commands.js';
import type { ArtifactVersionModel } from '../../../core/entities.js';

export default class ArtifactVersionList extends ListCommand<typeof ArtifactVersionList, ArtifactVersionModel> {
  static summary = 'List artifact versions, newest first (of one artifact with --name).';
  static examples = ['<%= config.bin %> artifact version list', '<%= config.bin %> artifact version list --name demo::mean::output --json'];
  static flags = { ...ListCommand.flags, name: Flags.string({ char: 'n', summary: 'Only versions of the artifact with this exact name.' }), tag: tagFilterFlag };

  protected readonly columns = artifactVersionColumns;

  protected async fetch(request: { page: number; size: number }) {
    const client = await this.client();
    if (this.flags.name) await client.getArtifact(this.flags.name);
    const page = await client.listArtifactVersions({ ...request, name: this.flags.name, tag: this.flags.tag });
    return { ...page, items: page.items.map((version) => version.toJSON()) };
  }
}
