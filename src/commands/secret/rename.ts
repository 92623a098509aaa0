import { Args } from '@oclif/core';
import { ZenCommand } from '../../cli/zen-command.js';

export default class SecretRename extends ZenCommand<typeof SecretRename> {
  static summary = 'Rename a secret (references to the old name must be updated).';
  static args = {
    name: Args.string({ description: 'Current name or id.', required: true }),
    'new-name': Args.string({ description: 'New name.', required: true }),
  };

  async run() {
    const { secretsManager } = await import('../../secrets/secrets-manager.js');
    const { secretView } = await import('../../secrets/view.js');
    const secret = await secretsManager(await this.zen()).rename(this.args.name, this.args['new-name']);
    this.log(`Renamed secret '${this.args.name}' to '${secret.name}'.`);
    return secretView(secret);
  }
}
