import { AccountDeleteCommand, accountArgs, SERVICE_ACCOUNT } from '../../cli/account-commands.js';

export default class ServiceAccountDelete extends AccountDeleteCommand<typeof ServiceAccountDelete> {
  static summary = 'Delete a service account and its API keys.';
  static examples = ['<%= config.bin %> service-account delete ci -y'];
  static args = accountArgs(SERVICE_ACCOUNT);
  static flags = { ...AccountDeleteCommand.flags };
  protected readonly account = SERVICE_ACCOUNT;
}
