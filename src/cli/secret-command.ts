import { type Command, Flags } from '../vendor/oclif.js';
import { UsageError } from '../core/errors.js';
import type { SecretValues } from './secret-values.js';
import type { StackSecretReference } from '../sdk/client.js';
import { ZenCommand } from './zen-command.js';

/**
 * Base of `secret create` / `secret update`: secret values come as free `--<key>=<value>`
 * flags, which oclif would reject (and echo, values included, in its error). They are taken
 * out of argv before oclif parses the rest.
 */
export abstract class SecretValuesCommand<T extends typeof Command> extends ZenCommand<T> {
  protected keyValueArgs: string[] = [];

  public async init(): Promise<void> {
    const known = new Map<string, { type: string }>();
    const flags = { ...((this.ctor as unknown as typeof ZenCommand).baseFlags ?? {}), ...(this.ctor.flags ?? {}) } as Record<string, { type: string; allowNo?: boolean }>;
    for (const [name, flag] of Object.entries(flags)) {
      known.set(name, flag);
      if (flag.allowNo) known.set(`no-${name}`, { type: 'boolean' });
    }
    known.set('json', { type: 'boolean' });
    known.set('help', { type: 'boolean' });
    const rest: string[] = [];
    for (let index = 0; index < this.argv.length; index++) {
      const token = this.argv[index];
      const name = /^--([^=]+)/.exec(token)?.[1];
      if (name === undefined || known.has(name)) {
        rest.push(token);
        if (name !== undefined && known.get(name)!.type === 'option' && !token.includes('=') && index + 1 < this.argv.length) rest.push(this.argv[++index]);
        continue;
      }
      this.keyValueArgs.push(token);
      if (!token.includes('=') && index + 1 < this.argv.length && !this.argv[index + 1].startsWith('--')) this.keyValueArgs.push(this.argv[++index]);
    }
    this.argv = rest;
    await super.init();
  }

  /** Values from `--values`, free `--key=value` flags and, with `-i`, hidden prompts; later sources win. */
  protected async collectValues(options: { values?: string; interactive?: boolean; required: boolean }): Promise<SecretValues> {
    const { parseKeyValueArgs, parseValuesDocument } = await import('./secret-values.js');
    const values: SecretValues = {
      ...(options.values !== undefined ? await parseValuesDocument(options.values) : {}),
      ...(await parseKeyValueArgs(this.keyValueArgs)),
    };
    if (options.interactive) Object.assign(values, await this.promptValues(Object.keys(values)));
    if (options.required && Object.keys(values).length === 0) {
      throw new UsageError('No secret values given.', 'Pass --<key>=<value> (a value @path reads a file), --values <json|yaml|@file>, or -i on a terminal.');
    }
    return values;
  }

  private async promptValues(already: string[]): Promise<SecretValues> {
    if (!this.interactive) throw new UsageError('-i/--interactive needs a terminal.', 'Pass values as --<key>=<value> or --values @file instead.');
    const { input, password } = await import('@inquirer/prompts');
    const values: SecretValues = {};
    for (;;) {
      const key = (await input({ message: `Key${already.length + Object.keys(values).length > 0 ? ' (empty to finish)' : ''}:` })).trim();
      if (!key) break;
      values[key] = await password({ message: `Value of ${key}:`, mask: '*' });
    }
    return values;
  }
}

/** `--secret-validation` for commands that register or update component configs (see validateSecretReferences). */
export const secretValidationFlag = Flags.string({
  summary: 'How to check {{secret.key}} references in the config: strict (secret and key exist), exists (the secret exists), none.',
  options: ['strict', 'exists', 'none'],
  default: 'strict',
});

/** Missing keys grouped by secret, for creating or completing them. */
export function missingBySecret(references: StackSecretReference[]): Map<string, { exists: boolean; keys: string[] }> {
  const missing = new Map<string, { exists: boolean; keys: string[] }>();
  for (const reference of references) {
    if (reference.status === 'ok') continue;
    const entry = missing.get(reference.secret) ?? { exists: reference.status === 'missing_key', keys: [] };
    if (!entry.keys.includes(reference.key)) entry.keys.push(reference.key);
    missing.set(reference.secret, entry);
  }
  return missing;
}
