import { Args, Flags } from '../../vendor/oclif.js';
import { SecretValuesCommand } from '../../cli/secret-command.js';

export default class SecretUpdate extends SecretValuesCommand<typeof SecretUpdate> {
  static summary = 'Add or change keys of a secret, remove keys, or make it private.';
  static examples = [
    '<%= config.bin %> secret update db -v \'{"password":"new"}\' -r old_token',
    '<%= config.bin %> secret update db --password=@./new-password.txt',
    '<%= config.bin %> secret update db --remove-keys old_token --no-private',
  ];
  static strict = false;
  static args = { name: Args.string({ description: 'Name or id of the secret.', required: true }) };
  static flags = {
    values: Flags.string({ char: 'v', summary: 'Values to add or change, as a JSON or YAML mapping, or @file.' }),
    'remove-keys': Flags.string({ char: 'r', summary: 'Keys to remove (comma separated, or repeat the flag).', multiple: true, delimiter: ',' }),
    interactive: Flags.boolean({ char: 'i', summary: 'Prompt for keys and hidden values.', default: false }),
    private: Flags.boolean({ summary: 'Make the secret private (--no-private: visible to all).', allowNo: true }),
  };

  async run() {
    const { secretView } = await import('../../cli/secret-view.js');
    const values = await this.collectValues({ values: this.flags.values, interactive: this.flags.interactive, required: false });
    const secret = await (await this.client()).updateSecret(this.args.name, { values, removeKeys: this.flags['remove-keys'], private: this.flags.private });
    this.log(`Updated secret '${secret.name}': keys ${secret.keys.join(', ')}.`);
    return secretView(secret);
  }
}
