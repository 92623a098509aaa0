import { Args } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class UserDeactivate extends ZenCommand<typeof UserDeactivate> {
  static summary = 'Deactivate a user: they can no longer log in; what they created stays.';
  static examples = ['<%= config.bin %> user deactivate alice'];
  static args = { name: Args.string({ description: 'Name or id of the user.', required: true }) };

  async run() {
    const user = await (await this.client()).deactivateUser(this.args.name);
    this.log(`Deactivated user '${user.name}'.`);
    return user;
  }
}
