import { AccountDeactivateCommand, accountArgs, SERVICE_ACCOUNT } from '../../cli/account-commands.js';

export default class ServiceAccountDeactivate extends AccountDeactivateCommand<typeof ServiceAccountDeactivate> {
  static summary = 'Deactivate a service account: none of its API keys logs in any more.';
  static examples = ['<%= config.bin %> service-account deactivate ci'];
  static args = accountArgs(SERVICE_ACCOUNT);
  protected readonly account = SERVICE_ACCOUNT;
}
