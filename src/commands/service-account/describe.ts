import { AccountDescribeCommand, accountArgs, SERVICE_ACCOUNT } from '../../cli/account-commands.js';

export default class ServiceAccountDescribe extends AccountDescribeCommand<typeof ServiceAccountDescribe> {
  static summary = 'Show a service account.';
  static examples = ['<%= config.bin %> service-account describe ci'];
  static args = accountArgs(SERVICE_ACCOUNT);
  protected readonly account = SERVICE_ACCOUNT;
}
