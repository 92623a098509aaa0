import { Args } from '../../../vendor/oclif.js';
import { ZenCommand } from '../../../cli/zen-command.js';

export default class SecretBackendSet extends ZenCommand<typeof SecretBackendSet> {
  static summary = 'Choose where new secrets keep their values: sql (encrypted in the store) or keychain (the OS keychain).';
  static description = 'Existing secrets stay where they are and keep working; move them with `zenml secret restore --from <old>`.';
  static args = { backend: Args.string({ description: 'sql or keychain', required: true, options: ['sql', 'keychain'] }) };

  async run() {
    const result = await (await this.client()).setSecretsBackend(this.args.backend);
    this.log(`Secrets backend set to ${result.backend}.${result.elsewhere > 0 ? ` ${result.elsewhere} existing secret(s) live in another backend; move them with \`zenml secret restore --from ${result.previous}\`.` : ''}`);
    return result;
  }
}
