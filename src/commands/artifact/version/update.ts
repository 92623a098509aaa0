import { artifactVersionFlag } from '../../../cli/artifact-flags.js';
import { Args } from '../../../vendor/oclif.js';
import { TagUpdateCommand } from '../../../cli/tag-update-command.js';
import type { ArtifactDetails } from '../../../cli/artifact-details.js';
import type { Client } from '../../../sdk/client.js';

export default class ArtifactVersionUpdate extends TagUpdateCommand<typeof ArtifactVersionUpdate, ArtifactDetails> {
  static summary = "Add or remove an artifact version's tags.";
  static description = 'Without --version, the latest version of the named artifact (a version id works too).';
  static examples = ['<%= config.bin %> artifact version update demo::mean::output --version 2 -t golden'];
  static args = { name: Args.string({ description: 'Artifact name, or an artifact version id.', required: true }) };
  static flags = { ...TagUpdateCommand.flags, version: artifactVersionFlag };

  protected readonly resourceType = 'artifact_version' as const;
  protected target = () => ({ nameOrId: this.args.name, version: this.flags.version });
  protected show = async (client: Client, id: string) => (await import('../../../cli/artifact-details.js')).artifactDetails(client, id);
  protected render = async (details: ArtifactDetails) => (await import('../../../cli/entity-views.js')).renderArtifactVersion(details, this.color);
}
