import { Args } from '../../../vendor/oclif.js';
import { DeleteCommand, type DeleteTarget } from '../../../cli/entity-commands.js';

export default class ApiKeyDelete extends DeleteCommand<typeof ApiKeyDelete> {
  static summary = 'Delete an API key of a service account.';
  static examples = ['<%= config.bin %> service-account api-key delete ci default -y'];
  static args = {
    'service-account': Args.string({ description: 'Name or id of the service account.', required: true }),
    name: Args.string({ description: 'Name or id of the API key.', required: true }),
  };
  static flags = { ...DeleteCommand.flags };

  protected async find(): Promise<DeleteTarget> {
    const apiKey = await (await this.client()).getApiKey(this.args['service-account'], this.args.name);
    return { type: 'API key', id: apiKey.id, name: apiKey.name };
  }

  protected async remove(target: DeleteTarget): Promise<void> {
    await (await this.client()).deleteApiKey(this.args['service-account'], target.id);
  }
}
