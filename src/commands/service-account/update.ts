import { Flags } from '../../vendor/oclif.js';
import { AccountUpdateCommand, accountArgs, SERVICE_ACCOUNT } from '../../cli/account-commands.js';
import type { UserUpdate } from '../../core/identity-entities.js';

export default class ServiceAccountUpdate extends AccountUpdateCommand<typeof ServiceAccountUpdate> {
  static summary = "Change a service account's name, description or activity.";
  static examples = ['<%= config.bin %> service-account update ci --description "Nightly CI"', '<%= config.bin %> service-account update ci --active'];
  static args = accountArgs(SERVICE_ACCOUNT);
  static flags = {
    name: Flags.string({ char: 'n', summary: 'New name.' }),
    description: Flags.string({ char: 'd', summary: 'New description.' }),
    active: Flags.boolean({ summary: 'Reactivate (--no-active: deactivate).', allowNo: true }),
  };
  protected readonly account = SERVICE_ACCOUNT;
  protected readonly changeFlags = '--name, --description or --active/--no-active';

  protected async change(): Promise<UserUpdate> {
    return { name: this.flags.name, description: this.flags.description, active: this.flags.active };
  }
}
