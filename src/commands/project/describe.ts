import { Args } from '../../vendor/oclif.js';
import { DescribeCommand } from '../../cli/entity-commands.js';
import type { ProjectModel } from '../../core/identity-entities.js';

export default class ProjectDescribe extends DescribeCommand<typeof ProjectDescribe, ProjectModel> {
  static summary = 'Show a project (default: the active one, and which setting chose it).';
  static examples = ['<%= config.bin %> project describe', '<%= config.bin %> project describe vision'];
  static args = { name: Args.string({ description: 'Name or id of the project.' }) };

  protected async fetch(): Promise<ProjectModel> {
    const client = await this.client();
    return this.args.name ? client.getProject(this.args.name) : client.getActiveProject();
  }
}
