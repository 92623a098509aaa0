import { Args, Flags } from '../vendor/oclif.js';
import { ZenCommand } from '../cli/zen-command.js';
import { UsageError } from '../core/errors.js';

export default class Login extends ZenCommand<typeof Login> {
  static summary = 'Log in to a ZenML server; the CLI, SDK and orchestrators then use it as their store.';
  static description =
    'Asks for the username and password on a terminal; scripts pass --username and pipe the password with --password-stdin, service accounts pass --api-key. ' +
    'The session token is kept in the config directory, readable only by you (credentials.yaml, mode 0600). ' +
    'In CI, set ZENML_STORE_URL and ZENML_STORE_API_KEY instead: no login and no config file are needed.';
  static examples = [
    '<%= config.bin %> login http://127.0.0.1:8237',
    'cat pass.txt | <%= config.bin %> login https://zenml.example.com --username ada --password-stdin',
    '<%= config.bin %> login https://zenml.example.com --api-key ZENKEY_...',
    '<%= config.bin %> login --local --port 8238',
  ];
  static args = { url: Args.string({ description: 'URL of the server, e.g. http://127.0.0.1:8237.' }) };
  static flags = {
    username: Flags.string({ char: 'u', summary: 'User to log in as (prompted on a terminal when omitted).' }),
    'password-stdin': Flags.boolean({ summary: 'Read the password from stdin.', default: false }),
    'api-key': Flags.string({ summary: "A service account's API key, instead of a username and password.", exclusive: ['username', 'password-stdin'] }),
    local: Flags.boolean({ summary: 'Start a local server on the local store and log in to it.', default: false, exclusive: ['api-key'] }),
    port: Flags.integer({ summary: 'With --local: the port the local server listens on (default 8237).', min: 0, max: 65535, dependsOn: ['local'] }),
  };

  async run() {
    const { login } = await import('../sdk/login.js');
    if (this.flags.local) {
      const { loginToLocalServer } = await import('../server/local-login.js');
      const result = await loginToLocalServer(this.config.root, process.env, { port: this.flags.port });
      this.log(`${result.started ? 'Started' : 'Using'} the local server at ${result.url} on the local store; logged in as '${result.username}'.`);
      return result;
    }
    const url = this.args.url;
    if (!url) throw new UsageError('Missing the server URL.', 'Run `zenml login <url>`, e.g. `zenml login http://127.0.0.1:8237`.');
    const result = this.flags['api-key'] ? await login(url, { apiKey: this.flags['api-key'] }) : await login(url, await this.userCredentials());
    this.log(`Logged in to ${result.url} as ${result.serviceAccount ? 'a service account' : `'${result.username}'`}; the CLI and SDK now use this server.`);
    return result;
  }

  private async userCredentials(): Promise<{ username: string; password: string }> {
    const { promptHiddenOrFail, promptOrFail } = await import('../cli/prompts.js');
    const username = this.flags.username ?? (await promptOrFail('username', 'Username:', this.interactive));
    if (this.flags['password-stdin']) {
      const { readSecretFromStdin } = await import('../cli/stdin-secret.js');
      return { username, password: await readSecretFromStdin('password', 'password-stdin') };
    }
    return { username, password: await promptHiddenOrFail('password-stdin', 'Password:', this.interactive) };
  }
}
