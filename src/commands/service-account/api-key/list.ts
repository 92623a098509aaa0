import { Args } from '../../../vendor/oclif.js';
import { ListCommand, type ListRequest } from '../../../cli/entity-commands.js';
import { filterFlags } from '../../../cli/flags.js';
import { apiKeyColumns } from '../../../cli/identity-rows.js';
import type { ApiKeyModel } from '../../../core/identity-entities.js';

export default class ApiKeyList extends ListCommand<typeof ApiKeyList, ApiKeyModel> {
  static summary = "List a service account's API keys (never the keys themselves).";
  static examples = ['<%= config.bin %> service-account api-key list ci'];
  static args = { 'service-account': Args.string({ description: 'Name or id of the service account.', required: true }) };
  static flags = { ...ListCommand.flags, ...filterFlags };
  protected readonly columns = apiKeyColumns;

  protected async fetch(request: ListRequest) {
    return (await this.client()).listApiKeys(this.args['service-account'], request);
  }
}
