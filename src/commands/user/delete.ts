import { Args } from '../../vendor/oclif.js';
import { DeleteCommand, type DeleteTarget } from '../../cli/entity-commands.js';

export default class UserDelete extends DeleteCommand<typeof UserDelete> {
  static summary = 'Delete a user; what they created stays, with their id as owner.';
  static examples = ['<%= config.bin %> user delete alice -y'];
  static args = { name: Args.string({ description: 'Name or id of the user.', required: true }) };
  static flags = { ...DeleteCommand.flags };

  protected async find(): Promise<DeleteTarget> {
    const user = await (await this.client()).getUser(this.args.name);
    return { type: 'user', id: user.id, name: user.name };
  }

  protected async remove(target: DeleteTarget): Promise<void> {
    await (await this.client()).deleteUser(target.id);
  }
}
