import { UsageError, ZenError } from '../core/errors.js';

/** Asks to confirm a destructive action on a terminal; without one, `-y` is required. */
export async function confirmOrFail(question: string, yes: boolean, interactive: boolean): Promise<void> {
  if (yes) return;
  if (!interactive) throw new UsageError(`${question.replace(/\?$/, '')}: refusing without confirmation.`, 'Pass -y/--yes to confirm.');
  const { confirm } = await import('@inquirer/prompts');
  if (!(await confirm({ message: question, default: false }))) throw new ZenError('Cancelled; nothing was changed.');
}

/** Asks for a missing required value on a terminal, or fails naming the flag to pass. */
export async function promptOrFail(flag: string, message: string, interactive: boolean, choices?: string[]): Promise<string> {
  if (!interactive) throw new UsageError(`Missing required flag --${flag}.`, `Pass --${flag} <value>.`);
  const prompts = await import('@inquirer/prompts');
  if (choices && choices.length > 0) return prompts.select({ message, choices: choices.map((value) => ({ value, name: value })) });
  return prompts.input({ message, required: true });
}

/** Asks for a secret (password, API key) without echoing it, or fails naming the flag that supplies it. */
export async function promptHiddenOrFail(flag: string, message: string, interactive: boolean): Promise<string> {
  if (!interactive) throw new UsageError(`Missing ${message.toLowerCase().replace(/:$/, '')}.`, `Pass --${flag}.`);
  const { password } = await import('@inquirer/prompts');
  return password({ message, mask: true });
}
