import { AccountDeactivateCommand, accountArgs, USER_ACCOUNT } from '../../cli/account-commands.js';

export default class UserDeactivate extends AccountDeactivateCommand<typeof UserDeactivate> {
  static summary = 'Deactivate a user: they can no longer log in; what they created stays.';
  static examples = ['<%= config.bin %> user deactivate alice'];
  static args = accountArgs(USER_ACCOUNT);
  protected readonly account = USER_ACCOUNT;
}
