import { Flags } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class SecretBackup extends ZenCommand<typeof SecretBackup> {
  static summary = 'Copy every secret\'s values into the other backend (or --to), keeping the originals.';
  static description = "Logged in to a server, copies the server's secrets you can see into the local store instead (sealed with the local key); `zenml secret restore` uploads them back.";
  static examples = ['<%= config.bin %> secret backup', '<%= config.bin %> secret backup --to keychain'];
  static flags = { to: Flags.string({ summary: 'Backend to copy into (default: the one that is not active).', options: ['sql', 'keychain'] }) };

  async run() {
    const report = await (await this.client()).backupSecrets(this.flags.to as 'sql' | 'keychain' | undefined);
    if (report.from === 'server') this.log(`Backed up ${report.secrets.length} secret(s) from the server into the local store.`);
    else this.log(`Backed up ${report.secrets.length} secret(s) to the ${report.to} backend${report.skipped.length ? `; ${report.skipped.length} already live there` : ''}.`);
    return report;
  }
}
