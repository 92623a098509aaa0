import { Args } from '../../vendor/oclif.js';
import { TagUpdateCommand } from '../../cli/tag-update-command.js';
import type { ArtifactModel } from '../../core/entities.js';
import type { Client } from '../../sdk/client.js';

export default class ArtifactUpdate extends TagUpdateCommand<typeof ArtifactUpdate, ArtifactModel> {
  static summary = "Add or remove an artifact's tags (all its versions share them).";
  static examples = ['<%= config.bin %> artifact update demo::mean::output -t reviewed'];
  static args = { name: Args.string({ description: 'Artifact name or id.', required: true }) };
  static flags = { ...TagUpdateCommand.flags };

  protected readonly resourceType = 'artifact' as const;
  protected target = () => ({ nameOrId: this.args.name });
  protected show = (client: Client, id: string) => client.getArtifact(id);
  protected render = async (artifact: ArtifactModel) => (await import('../../cli/entity-views.js')).renderArtifact(artifact, this.color);
}
