import { Flags } from '../vendor/oclif.js';
import { UsageError } from '../core/errors.js';

/** `-t/--tag` and `-r/--remove-tag` of every update command (both repeatable). */
export const tagFlags = {
  tag: Flags.string({ char: 't', summary: 'Add a tag (repeat for several).', multiple: true, helpGroup: 'TAGS' }),
  'remove-tag': Flags.string({ char: 'r', summary: 'Remove a tag (repeat for several).', multiple: true, helpGroup: 'TAGS' }),
};

/** `--tag` of list commands. */
export const tagFilterFlag = Flags.string({ summary: 'Only items carrying this tag.' });

export function tagChange(flags: { tag?: string[]; 'remove-tag'?: string[] }): { add: string[]; remove: string[] } {
  return { add: flags.tag ?? [], remove: flags['remove-tag'] ?? [] };
}

/** An update with nothing to change is a mistake worth telling about, not a silent success. */
export function requireSomeChange(changes: Record<string, unknown>, flags: string): void {
  const given = Object.values(changes).some((value) => value !== undefined && !(Array.isArray(value) && value.length === 0));
  if (!given) throw new UsageError('Nothing to update.', `Pass at least one of ${flags}.`);
}
