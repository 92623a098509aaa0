import { Args, Flags } from '../../vendor/oclif.js';
import { SecretValuesCommand } from '../../cli/secret-command.js';

export default class SecretCreate extends SecretValuesCommand<typeof SecretCreate> {
  static summary = 'Create a secret from --<key>=<value> pairs, --values, or hidden prompts (-i).';
  static description = 'Values are stored in the active secrets backend (encrypted in the store, or the OS keychain) and never printed. A value @path reads that file.';
  static examples = [
    '<%= config.bin %> secret create aws --access_key=AKIA... --secret_key=@./secret.txt',
    '<%= config.bin %> secret create db --values \'{"user":"app","password":"..."}\'',
    '<%= config.bin %> secret create db --values @db.yaml --private',
    '<%= config.bin %> secret create db -i',
  ];
  static strict = false;
  static args = { name: Args.string({ description: 'Name of the secret.', required: true }) };
  static flags = {
    values: Flags.string({ char: 'v', summary: 'Values as a JSON or YAML mapping, or @file holding one.' }),
    interactive: Flags.boolean({ char: 'i', summary: 'Prompt for keys and hidden values.', default: false }),
    private: Flags.boolean({ summary: 'Only visible to you.', default: false }),
  };

  async run() {
    const { secretView } = await import('../../cli/secret-view.js');
    const values = await this.collectValues({ values: this.flags.values, interactive: this.flags.interactive, required: true });
    const secret = await (await this.client()).createSecret(this.args.name, values, { private: this.flags.private });
    this.log(`Created secret '${secret.name}' with keys ${secret.keys.join(', ')} (${secret.backend} backend).`);
    return secretView(secret);
  }
}
