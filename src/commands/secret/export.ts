import { Args, Flags } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class SecretExport extends ZenCommand<typeof SecretExport> {
  static summary = 'Write a secret\'s values in plain text to a file (mode 0600); JSON for .json, else YAML.';
  static description = 'Explicit on purpose: the file holds the values unencrypted. Nothing is printed but the path.';
  static examples = ['<%= config.bin %> secret export db -f db.yaml'];
  static args = { name: Args.string({ description: 'Name or id of the secret.', required: true }) };
  static flags = {
    file: Flags.string({ char: 'f', summary: 'File to write (must not exist unless --force).', required: true }),
    force: Flags.boolean({ summary: 'Overwrite the file if it exists.', default: false }),
  };

  async run() {
    const { secret, file: path } = await (await this.client()).exportSecret(this.args.name, this.flags.file, { overwrite: this.flags.force });
    // Also under --json (where oclif mutes logToStderr): this warning must always be seen.
    process.stderr.write(`Warning: ${path} holds the values of secret '${secret.name}' in plain text; delete it when done.\n`);
    this.log(`Exported secret '${secret.name}' (${secret.keys.length} keys) to ${path}.`);
    return { name: secret.name, keys: secret.keys, file: path };
  }
}
