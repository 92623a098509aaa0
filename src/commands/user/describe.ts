import { AccountDescribeCommand, accountArgs, USER_ACCOUNT } from '../../cli/account-commands.js';

export default class UserDescribe extends AccountDescribeCommand<typeof UserDescribe> {
  static summary = 'Show a user.';
  static examples = ['<%= config.bin %> user describe alice'];
  static args = accountArgs(USER_ACCOUNT);
  protected readonly account = USER_ACCOUNT;
}
