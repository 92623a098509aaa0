import { Args } from '../../../vendor/oclif.js';
import { ZenCommand } from '../../../cli/zen-command.js';

export default class ApiKeyDeactivate extends ZenCommand<typeof ApiKeyDeactivate> {
  static summary = 'Deactivate an API key: it no longer logs in (reactivate with `api-key update --active`).';
  static examples = ['<%= config.bin %> service-account api-key deactivate ci default'];
  static args = {
    'service-account': Args.string({ description: 'Name or id of the service account.', required: true }),
    name: Args.string({ description: 'Name or id of the API key.', required: true }),
  };

  async run() {
    const apiKey = await (await this.client()).deactivateApiKey(this.args['service-account'], this.args.name);
    this.log(`Deactivated API key '${apiKey.name}'.`);
    return apiKey;
  }
}
