import { Args } from '../../vendor/oclif.js';
import { DescribeCommand } from '../../cli/entity-commands.js';
import type { UserModel } from '../../core/identity-entities.js';

export default class UserDescribe extends DescribeCommand<typeof UserDescribe, UserModel> {
  static summary = 'Show a user.';
  static examples = ['<%= config.bin %> user describe alice'];
  static args = { name: Args.string({ description: 'Name or id of the user.', required: true }) };

  protected async fetch(): Promise<UserModel> {
    return (await this.client()).getUser(this.args.name);
  }
}
