import { AccountDeleteCommand, accountArgs, USER_ACCOUNT } from '../../cli/account-commands.js';

export default class UserDelete extends AccountDeleteCommand<typeof UserDelete> {
  static summary = 'Delete a user; what they created stays, with their id as owner.';
  static examples = ['<%= config.bin %> user delete alice -y'];
  static args = accountArgs(USER_ACCOUNT);
  static flags = { ...AccountDeleteCommand.flags };
  protected readonly account = USER_ACCOUNT;
}
