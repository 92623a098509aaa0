import { Args } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class ServiceAccountDeactivate extends ZenCommand<typeof ServiceAccountDeactivate> {
  static summary = 'Deactivate a service account: none of its API keys logs in any more.';
  static examples = ['<%= config.bin %> service-account deactivate ci'];
  static args = { name: Args.string({ description: 'Name or id of the service account.', required: true }) };

  async run() {
    const account = await (await this.client()).deactivateServiceAccount(this.args.name);
    this.log(`Deactivated service account '${account.name}'.`);
    return account;
  }
}
