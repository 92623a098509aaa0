import { Args } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class SecretRename extends ZenCommand<typeof SecretRename> {
  static summary = 'Rename a secret (references to the old name must be updated).';
  static args = {
    name: Args.string({ description: 'Current name or id.', required: true }),
    'new-name': Args.string({ description: 'New name.', required: true }),
  };

  async run() {
    const { secretView } = await import('../../cli/secret-view.js');
    const secret = await (await this.client()).updateSecret(this.args.name, { name: this.args['new-name'] });
    this.log(`Renamed secret '${this.args.name}' to '${secret.name}'.`);
    return secretView(secret);
  }
}
