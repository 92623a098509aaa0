import { Args } from '../../../vendor/oclif.js';
import { DeleteCommand, type DeleteTarget } from '../../../cli/entity-commands.js';

export default class ArtifactVersionDelete extends DeleteCommand<typeof ArtifactVersionDelete> {
  static summary = 'Delete an artifact version and its files; refused while a run, model version or tag uses it.';
  static examples = ['<%= config.bin %> artifact version delete scratch 2 -y', '<%= config.bin %> artifact version delete 1f3a9c2e -y'];
  static args = {
    name: Args.string({ description: 'Artifact name, or a version id (or unique prefix).', required: true }),
    version: Args.string({ description: 'Version number or name (latest when omitted with a name).' }),
  };
  static flags = { ...DeleteCommand.flags };

  protected async find(): Promise<DeleteTarget> {
    const version = await (await this.client()).getArtifactVersion(this.args.name, this.args.version);
    return { type: 'artifact version', id: version.id, name: `${version.name} version ${version.version}` };
  }

  protected async remove(target: DeleteTarget): Promise<void> {
    await (await this.client()).deleteArtifactVersion(target.id);
  }
}
