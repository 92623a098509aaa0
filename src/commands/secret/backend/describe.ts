import { ZenCommand } from '../../../cli/zen-command.js';

export default class SecretBackendDescribe extends ZenCommand<typeof SecretBackendDescribe> {
  static summary = 'Show the active secrets backend and how many secrets live in each.';

  async run() {
    const { describeSecretsBackend } = await import('../../../secrets/backend-config.js');
    const info = await describeSecretsBackend(await this.zen());
    this.log(`Active backend: ${info.backend}`);
    for (const [name, count] of Object.entries(info.secrets)) this.log(`  ${name}: ${count} secret(s)`);
    return info;
  }
}
