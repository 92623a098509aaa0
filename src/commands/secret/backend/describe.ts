import { ZenCommand } from '../../../cli/zen-command.js';

export default class SecretBackendDescribe extends ZenCommand<typeof SecretBackendDescribe> {
  static summary = 'Show the active secrets backend and how many secrets live in each.';

  async run() {
    const info = await (await this.client()).describeSecretsBackend();
    this.log(`Active backend: ${info.backend}`);
    for (const [name, count] of Object.entries(info.secrets)) this.log(`  ${name}: ${count} secret(s)`);
    return info;
  }
}
