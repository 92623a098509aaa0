import { Args, Flags } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';
import { UsageError } from '../../core/errors.js';

export default class ServiceAccountUpdate extends ZenCommand<typeof ServiceAccountUpdate> {
  static summary = "Change a service account's name, description or activity.";
  static examples = ['<%= config.bin %> service-account update ci --description "Nightly CI"', '<%= config.bin %> service-account update ci --active'];
  static args = { name: Args.string({ description: 'Name or id of the service account.', required: true }) };
  static flags = {
    name: Flags.string({ char: 'n', summary: 'New name.' }),
    description: Flags.string({ char: 'd', summary: 'New description.' }),
    active: Flags.boolean({ summary: 'Reactivate (--no-active: deactivate).', allowNo: true }),
  };

  async run() {
    const update = { name: this.flags.name, description: this.flags.description, active: this.flags.active };
    if (Object.values(update).every((value) => value === undefined)) throw new UsageError('Nothing to update.', 'Pass --name, --description or --active/--no-active.');
    const account = await (await this.client()).updateServiceAccount(this.args.name, update);
    this.log(`Updated service account '${account.name}'.`);
    return account;
  }
}
