import { Flags } from '../../vendor/oclif.js';
import { AccountUpdateCommand, accountArgs, USER_ACCOUNT } from '../../cli/account-commands.js';
import type { UserUpdate } from '../../core/identity-entities.js';

export default class UserUpdateCommand extends AccountUpdateCommand<typeof UserUpdateCommand> {
  static summary = "Change a user's name, details, admin role, activity or password.";
  static examples = ['<%= config.bin %> user update alice --admin', '<%= config.bin %> user update alice --name alice2 --full-name "Alice B"', 'printf \'%s\' "$NEW" | <%= config.bin %> user update alice --password-stdin'];
  static args = accountArgs(USER_ACCOUNT);
  static flags = {
    name: Flags.string({ char: 'n', summary: 'New name.' }),
    'full-name': Flags.string({ summary: 'Full name.' }),
    email: Flags.string({ summary: 'Email address.' }),
    admin: Flags.boolean({ summary: 'Make admin (--no-admin: a member).', allowNo: true }),
    active: Flags.boolean({ summary: 'Reactivate (--no-active: deactivate).', allowNo: true }),
    password: Flags.boolean({ summary: 'Set a new password (hidden prompt).', default: false }),
    'password-stdin': Flags.boolean({ summary: 'Read a new password from stdin.', default: false }),
  };
  protected readonly account = USER_ACCOUNT;
  protected readonly changeFlags = '--name, --full-name, --email, --admin/--no-admin, --active/--no-active or --password/--password-stdin';

  protected async change(): Promise<UserUpdate> {
    const update: UserUpdate = { name: this.flags.name, fullName: this.flags['full-name'], email: this.flags.email, isAdmin: this.flags.admin, active: this.flags.active };
    if (this.flags.password || this.flags['password-stdin']) {
      const { readPassword } = await import('../../cli/identity-input.js');
      update.password = await readPassword({ stdin: this.flags['password-stdin'], interactive: this.interactive, what: `user '${this.args.name}'` });
    }
    return update;
  }
}
