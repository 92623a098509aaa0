import { Args, Flags } from '../../../vendor/oclif.js';
import { ZenCommand } from '../../../cli/zen-command.js';

export default class ApiKeyRotate extends ZenCommand<typeof ApiKeyRotate> {
  static summary = 'Give an API key a new value (shown once); the old one stops now or after --retain minutes.';
  static examples = ['<%= config.bin %> service-account api-key rotate ci default', '<%= config.bin %> service-account api-key rotate ci default --retain 60'];
  static args = {
    'service-account': Args.string({ description: 'Name or id of the service account.', required: true }),
    name: Args.string({ description: 'Name or id of the API key.', required: true }),
  };
  static flags = { retain: Flags.integer({ summary: 'Minutes the old key keeps working (default 0: it stops now).' }) };

  async run() {
    const { retainMinutes } = await import('../../../cli/identity-input.js');
    const retain = retainMinutes(this.flags.retain);
    const { apiKey, key } = await (await this.client()).rotateApiKey(this.args['service-account'], this.args.name, { retainPeriodMinutes: retain });
    this.log(`Rotated API key '${apiKey.name}'${retain > 0 ? `; the old key works for ${retain} more minutes` : '; the old key no longer works'}. New key (shown only now):\n${key}`);
    return { apiKey, key };
  }
}
