import { Flags } from '@oclif/core';
import { tagFilterFlag } from '../../cli/tag-flags.js';
import { artifactColumns } from '../../cli/columns.js';
import { ListCommand } from '../../cli/entity-commands.js';
import type { ArtifactModel } from '../../core/entities.js';

export default class ArtifactList extends ListCommand<typeof ArtifactList, ArtifactModel> {
  static summary = 'List artifacts (named series of versions), most recently updated first.';
  static examples = ['<%= config.bin %> artifact list', '<%= config.bin %> artifact list --name train -o csv'];
  static flags = { ...ListCommand.flags, name: Flags.string({ summary: 'Only artifacts whose name contains this text.' }), tag: tagFilterFlag };

  protected readonly columns = artifactColumns;

  protected async fetch(request: { page: number; size: number }) {
    return (await this.client()).listArtifacts({ ...request, name: this.flags.name, tag: this.flags.tag });
  }
}
