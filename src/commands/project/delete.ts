import { Args } from '../../vendor/oclif.js';
import { DeleteCommand, type DeleteTarget } from '../../cli/entity-commands.js';

export default class ProjectDelete extends DeleteCommand<typeof ProjectDelete> {
  static summary = "Delete an empty project (not 'default', not the active one).";
  static examples = ['<%= config.bin %> project delete vision -y'];
  static args = { name: Args.string({ description: 'Name or id of the project.', required: true }) };
  static flags = { ...DeleteCommand.flags };

  protected async find(): Promise<DeleteTarget> {
    const project = await (await this.client()).getProject(this.args.name);
    return { type: 'project', id: project.id, name: project.name };
  }

  protected async remove(target: DeleteTarget): Promise<void> {
    await (await this.client()).deleteProject(target.id);
  }
}
