import { Args, type Command } from '../vendor/oclif.js';
import { UsageError } from '../core/errors.js';
import { ZenCommand } from './zen-command.js';

/**
 * `stack set` and `stack switch` (ZenML has both): make a stack the active one. Without a
 * name, a terminal picks from the stacks; elsewhere it is a usage error naming the argument.
 */
export abstract class ActivateStackCommand<T extends typeof Command> extends ZenCommand<T> {
  static summary = 'Switch the active stack (pinned in .zen/ inside a repository, else globally).';
  static args = { name: Args.string({ description: 'Name, id or id prefix of the stack (asked for on a terminal when omitted).' }) };

  async run(): Promise<{ name: string; id: string; scope: string; repositoryRoot: string | null }> {
    const client = await this.client();
    const name = (this.args as { name?: string }).name ?? (await this.chooseStack());
    const result = await client.activateStack(name);
    this.log(`Active stack (${result.scope}): '${result.stack.name}'.`);
    if (result.overriddenBy) this.warn(`${result.overriddenBy} is set and still wins in this shell.`);
    return { name: result.stack.name, id: result.stack.id, scope: result.scope, repositoryRoot: result.repositoryRoot ?? null };
  }

  private async chooseStack(): Promise<string> {
    const command = this.id?.replace(/:/g, ' ') ?? 'stack set';
    if (!this.interactive) throw new UsageError('Missing required argument NAME (the stack to activate).', `Pass it: zenml ${command} <name>; see \`zenml stack list\`.`);
    const client = await this.client();
    const [stacks, active] = await Promise.all([client.listStacks({ size: 10_000, sortBy: 'asc:name' }), client.getActiveStack().catch(() => undefined)]);
    const { select } = await import('@inquirer/prompts');
    return select({
      message: 'Which stack?',
      choices: stacks.items.map((stack) => ({ value: stack.id, name: stack.id === active?.id ? `${stack.name} (active)` : stack.name })),
      default: active?.id,
    });
  }
}
