import { Args } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class StackRegisterSecrets extends ZenCommand<typeof StackRegisterSecrets> {
  static summary = 'List the secrets a stack\'s components reference, and create the missing ones (hidden prompts on a terminal).';
  static description = 'Without a terminal (or with --json) it only lists references and their status: ok, missing_secret or missing_key.';
  static examples = ['<%= config.bin %> stack register-secrets production'];
  static args = { stack: Args.string({ description: 'Name or id of the stack.', required: true }) };

  async run() {
    const { missingBySecret } = await import('../../cli/secret-command.js');
    const client = await this.client();
    let { stack, references } = await client.getStackSecretReferences(this.args.stack);
    const missing = missingBySecret(references);
    const created: string[] = [];
    const updated: string[] = [];
    if (missing.size > 0 && this.interactive) {
      const { password } = await import('@inquirer/prompts');
      for (const [secret, { exists, keys }] of missing) {
        const values: Record<string, string> = {};
        for (const key of keys) values[key] = await password({ message: `Value of ${secret}.${key}:`, mask: '*' });
        if (exists) {
          await client.updateSecret(secret, { values });
          updated.push(secret);
        } else {
          await client.createSecret(secret, values);
          created.push(secret);
        }
      }
      ({ references } = await client.getStackSecretReferences(stack.id));
    }
    if (!this.jsonEnabled()) {
      if (references.length === 0) this.log(`Stack '${stack.name}' references no secrets.`);
      else {
        const { renderTable } = await import('../../cli/output.js');
        this.log(await renderTable(references, [
          { header: 'component', get: (r) => `${r.componentType}/${r.component}` },
          { header: 'config key', get: (r) => r.path },
          { header: 'reference', get: (r) => `{{${r.secret}.${r.key}}}` },
          { header: 'status', get: (r) => r.status },
        ], this.color));
      }
      const stillMissing = references.filter((r) => r.status !== 'ok').length;
      if (stillMissing > 0) this.log(`${stillMissing} reference(s) do not resolve; create them with \`zenml secret create <name> --<key>=<value>\` or run this command on a terminal.`);
    }
    return { stack: stack.name, references, created, updated, missing: references.filter((r) => r.status !== 'ok').length };
  }
}
