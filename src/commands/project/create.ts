import { Args, Flags } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class ProjectCreate extends ZenCommand<typeof ProjectCreate> {
  static summary = 'Create a project: its own pipelines, runs, artifacts, models, secrets and stacks.';
  static aliases = ['project:register'];
  static examples = ['<%= config.bin %> project create vision --display-name "Vision team"', '<%= config.bin %> project create nlp --set'];
  static args = { name: Args.string({ description: 'Name of the project (lower-case letters, digits, _ and -).', required: true }) };
  static flags = {
    'display-name': Flags.string({ summary: 'A name for people.' }),
    description: Flags.string({ char: 'd', summary: 'What the project is for.' }),
    set: Flags.boolean({ summary: 'Make it the active project.', default: false }),
  };

  async run() {
    const client = await this.client();
    const project = await client.createProject({ name: this.args.name, displayName: this.flags['display-name'], description: this.flags.description });
    if (this.flags.set) await client.setActiveProject(project.id);
    this.log(`Created project '${project.name}'${this.flags.set ? ' and made it active' : ''}.`);
    return project;
  }
}
