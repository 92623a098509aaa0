import { Flags } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class SecretRestore extends ZenCommand<typeof SecretRestore> {
  static summary = 'Copy every secret\'s values from the other backend (or --from) into the active one and keep them there.';
  static description = 'Moves secrets between backends: `zenml secret backend set keychain` then `zenml secret restore --from sql`. The source copies stay as a backup. Logged in to a server, uploads the local store\'s secrets to the server instead.';
  static examples = ['<%= config.bin %> secret restore', '<%= config.bin %> secret restore --from sql'];
  static flags = { from: Flags.string({ summary: 'Backend to copy from (default: the one that is not active).', options: ['sql', 'keychain'] }) };

  async run() {
    const report = await (await this.client()).restoreSecrets(this.flags.from as 'sql' | 'keychain' | undefined);
    if (report.to === 'server') {
      this.log(`Restored ${report.secrets.length} secret(s) from the local store to the server${report.skipped.length ? `; skipped ${report.skipped.join(', ')} (the name is taken there)` : ''}.`);
      return report;
    }
    this.log(`Restored ${report.secrets.length} secret(s) from the ${report.from} backend into ${report.to}${report.skipped.length ? `; ${report.skipped.length} had no copy there (${report.skipped.join(', ')})` : ''}.`);
    return report;
  }
}
