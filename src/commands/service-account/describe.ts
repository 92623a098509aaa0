import { Args } from '../../vendor/oclif.js';
import { DescribeCommand } from '../../cli/entity-commands.js';
import type { UserModel } from '../../core/identity-entities.js';

export default class ServiceAccountDescribe extends DescribeCommand<typeof ServiceAccountDescribe, UserModel> {
  static summary = 'Show a service account.';
  static examples = ['<%= config.bin %> service-account describe ci'];
  static args = { name: Args.string({ description: 'Name or id of the service account.', required: true }) };

  protected async fetch(): Promise<UserModel> {
    return (await this.client()).getServiceAccount(this.args.name);
  }
}
