import { Args, Flags } from '../../../vendor/oclif.js';
import { ZenCommand } from '../../../cli/zen-command.js';

export default class ApiKeyCreate extends ZenCommand<typeof ApiKeyCreate> {
  static summary = 'Create an API key for a service account (the key is shown once).';
  static examples = ['<%= config.bin %> service-account api-key create ci deploy --description "deploy job"'];
  static args = {
    'service-account': Args.string({ description: 'Name or id of the service account.', required: true }),
    name: Args.string({ description: 'Name of the API key.', required: true }),
  };
  static flags = { description: Flags.string({ char: 'd', summary: 'What the key is for.' }) };

  async run() {
    const { apiKey, key } = await (await this.client()).createApiKey(this.args['service-account'], { name: this.args.name, description: this.flags.description });
    this.log(`Created API key '${apiKey.name}' (shown only now, store it safely):\n${key}`);
    return { apiKey, key };
  }
}
