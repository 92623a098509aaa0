import { Args, Flags } from '../../../vendor/oclif.js';
import { ZenCommand } from '../../../cli/zen-command.js';
import { UsageError } from '../../../core/errors.js';

export default class ApiKeyUpdate extends ZenCommand<typeof ApiKeyUpdate> {
  static summary = "Change an API key's name, description or activity.";
  static examples = ['<%= config.bin %> service-account api-key update ci default --active', '<%= config.bin %> service-account api-key update ci default --name deploy'];
  static args = {
    'service-account': Args.string({ description: 'Name or id of the service account.', required: true }),
    name: Args.string({ description: 'Name or id of the API key.', required: true }),
  };
  static flags = {
    name: Flags.string({ char: 'n', summary: 'New name.' }),
    description: Flags.string({ char: 'd', summary: 'New description.' }),
    active: Flags.boolean({ summary: 'Reactivate (--no-active: deactivate).', allowNo: true }),
  };

  async run() {
    const update = { name: this.flags.name, description: this.flags.description, active: this.flags.active };
    if (Object.values(update).every((value) => value === undefined)) throw new UsageError('Nothing to update.', 'Pass --name, --description or --active/--no-active.');
    const apiKey = await (await this.client()).updateApiKey(this.args['service-account'], this.args.name, update);
    this.log(`Updated API key '${apiKey.name}'.`);
    return apiKey;
  }
}
