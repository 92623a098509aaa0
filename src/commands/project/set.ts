import { Args } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class ProjectSet extends ZenCommand<typeof ProjectSet> {
  static summary = 'Make a project the active one (global config; ZENML_ACTIVE_PROJECT_ID overrides it).';
  static examples = ['<%= config.bin %> project set vision', '<%= config.bin %> project set default'];
  static args = { name: Args.string({ description: 'Name or id of the project.', required: true }) };

  async run() {
    const project = await (await this.client()).setActiveProject(this.args.name);
    this.log(`Active project: '${project.name}'.`);
    return project;
  }
}
