import { Args, Flags } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';
import { UsageError } from '../../core/errors.js';
import type { UserUpdate } from '../../core/identity-entities.js';

export default class UserUpdateCommand extends ZenCommand<typeof UserUpdateCommand> {
  static summary = "Change a user's name, details, admin role, activity or password.";
  static examples = ['<%= config.bin %> user update alice --admin', '<%= config.bin %> user update alice --name alice2 --full-name "Alice B"', 'printf \'%s\' "$NEW" | <%= config.bin %> user update alice --password-stdin'];
  static args = { name: Args.string({ description: 'Name or id of the user.', required: true }) };
  static flags = {
    name: Flags.string({ char: 'n', summary: 'New name.' }),
    'full-name': Flags.string({ summary: 'Full name.' }),
    email: Flags.string({ summary: 'Email address.' }),
    admin: Flags.boolean({ summary: 'Make admin (--no-admin: a member).', allowNo: true }),
    active: Flags.boolean({ summary: 'Reactivate (--no-active: deactivate).', allowNo: true }),
    password: Flags.boolean({ summary: 'Set a new password (hidden prompt).', default: false }),
    'password-stdin': Flags.boolean({ summary: 'Read a new password from stdin.', default: false }),
  };

  async run() {
    const update: UserUpdate = { name: this.flags.name, fullName: this.flags['full-name'], email: this.flags.email, isAdmin: this.flags.admin, active: this.flags.active };
    if (this.flags.password || this.flags['password-stdin']) {
      const { readPassword } = await import('../../cli/identity-input.js');
      update.password = await readPassword({ stdin: this.flags['password-stdin'], interactive: this.interactive, what: `user '${this.args.name}'` });
    }
    if (Object.values(update).every((value) => value === undefined)) throw new UsageError('Nothing to update.', 'Pass --name, --full-name, --email, --admin/--no-admin, --active/--no-active or --password/--password-stdin.');
    const user = await (await this.client()).updateUser(this.args.name, update);
    this.log(`Updated user '${user.name}'.`);
    return user;
  }
}
