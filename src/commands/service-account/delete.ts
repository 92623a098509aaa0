import { Args } from '../../vendor/oclif.js';
import { DeleteCommand, type DeleteTarget } from '../../cli/entity-commands.js';

export default class ServiceAccountDelete extends DeleteCommand<typeof ServiceAccountDelete> {
  static summary = 'Delete a service account and its API keys.';
  static examples = ['<%= config.bin %> service-account delete ci -y'];
  static args = { name: Args.string({ description: 'Name or id of the service account.', required: true }) };
  static flags = { ...DeleteCommand.flags };

  protected async find(): Promise<DeleteTarget> {
    const account = await (await this.client()).getServiceAccount(this.args.name);
    return { type: 'service account', id: account.id, name: account.name, consequence: 'and its API keys' };
  }

  protected async remove(target: DeleteTarget): Promise<void> {
    await (await this.client()).deleteServiceAccount(target.id);
  }
}
