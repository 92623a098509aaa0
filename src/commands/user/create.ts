import { Args, Flags } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class UserCreate extends ZenCommand<typeof UserCreate> {
  static summary = 'Create a user who logs in with a password.';
  static description = 'The password is read from stdin (--password-stdin) or a hidden prompt; it is never an argument, never printed, and stored only as a scrypt hash.';
  static examples = ['<%= config.bin %> user create alice', 'printf \'%s\' "$PASSWORD" | <%= config.bin %> user create bob --admin --password-stdin'];
  static args = { name: Args.string({ description: 'Name of the user.', required: true }) };
  static flags = {
    admin: Flags.boolean({ summary: 'Make the user an admin (manages users).', default: false }),
    'password-stdin': Flags.boolean({ summary: 'Read the password from stdin.', default: false }),
    'full-name': Flags.string({ summary: 'Full name.' }),
    email: Flags.string({ summary: 'Email address.' }),
  };

  async run() {
    const { readPassword } = await import('../../cli/identity-input.js');
    const password = await readPassword({ stdin: this.flags['password-stdin'], interactive: this.interactive, what: `user '${this.args.name}'` });
    const user = await (await this.client()).createUser({ name: this.args.name, password, isAdmin: this.flags.admin, fullName: this.flags['full-name'], email: this.flags.email });
    this.log(`Created ${user.isAdmin ? 'admin ' : ''}user '${user.name}'.`);
    return user;
  }
}
