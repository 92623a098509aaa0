import { Args } from '../../../vendor/oclif.js';
import { DescribeCommand } from '../../../cli/entity-commands.js';
import type { ApiKeyModel } from '../../../core/identity-entities.js';

export default class ApiKeyDescribe extends DescribeCommand<typeof ApiKeyDescribe, ApiKeyModel> {
  static summary = 'Show an API key of a service account (never the key itself).';
  static examples = ['<%= config.bin %> service-account api-key describe ci default'];
  static args = {
    'service-account': Args.string({ description: 'Name or id of the service account.', required: true }),
    name: Args.string({ description: 'Name or id of the API key.', required: true }),
  };

  protected async fetch(): Promise<ApiKeyModel> {
    return (await this.client()).getApiKey(this.args['service-account'], this.args.name);
  }
}
