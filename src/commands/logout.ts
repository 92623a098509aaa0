import { Args } from '../vendor/oclif.js';
import { ZenCommand } from '../cli/zen-command.js';

export default class Logout extends ZenCommand<typeof Logout> {
  static summary = 'Log out of a ZenML server and go back to the local store.';
  static description = 'Ends the session on the server, forgets its token, and points the CLI back at the local store when it was using that server.';
  static examples = ['<%= config.bin %> logout', '<%= config.bin %> logout https://zenml.example.com'];
  static args = { url: Args.string({ description: 'Server to log out of (default: the one in use).' }) };

  async run() {
    const { logout } = await import('../sdk/login.js');
    const result = await logout(this.args.url);
    if (!result.url) this.log('Not logged in to any server; nothing to do.');
    else if (!result.loggedOut && !result.revertedToLocalStore) this.log(`Not logged in to ${result.url}; nothing to do.`);
    else this.log(`Logged out of ${result.url}${result.revertedToLocalStore ? '; the CLI and SDK use the local store again' : ''}.`);
    return result;
  }
}
