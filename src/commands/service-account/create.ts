import { Args, Flags } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class ServiceAccountCreate extends ZenCommand<typeof ServiceAccountCreate> {
  static summary = 'Create a service account and its first API key (shown once).';
  static description = 'CI logs in with the key: ZENML_STORE_URL=<server> ZENML_STORE_API_KEY=<key>. The key is printed once and stored only hashed; save it now.';
  static examples = ['<%= config.bin %> service-account create ci --description "GitHub Actions"', '<%= config.bin %> service-account create ci --no-create-api-key'];
  static args = { name: Args.string({ description: 'Name of the service account.', required: true }) };
  static flags = {
    description: Flags.string({ char: 'd', summary: 'What the account is for.' }),
    'create-api-key': Flags.boolean({ summary: "Create an API key named 'default' with it.", default: true, allowNo: true }),
  };

  async run() {
    const client = await this.client();
    const account = await client.createServiceAccount({ name: this.args.name, description: this.flags.description });
    this.log(`Created service account '${account.name}'.`);
    if (!this.flags['create-api-key']) return { serviceAccount: account };
    const { apiKey, key } = await client.createApiKey(account.id, { name: 'default' });
    this.log(`Its API key '${apiKey.name}' (shown only now, store it safely):\n${key}`);
    return { serviceAccount: account, apiKey, key };
  }
}
