import { randomBytes } from 'node:crypto';
import { AlreadyExistsError, UsageError } from '../core/errors.js';
import { MAX_NAME_LENGTH, checkName, type NameRule } from '../core/names.js';
import type { RunModel } from '../core/entities.js';
import type { ZenStore } from '../store/zen-store.js';

function stamp(date: Date): { date: string; time: string } {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return {
    date: `${date.getUTCFullYear()}_${pad(date.getUTCMonth() + 1)}_${pad(date.getUTCDate())}`,
    time: `${pad(date.getUTCHours())}_${pad(date.getUTCMinutes())}_${pad(date.getUTCSeconds())}_${pad(date.getUTCMilliseconds(), 3)}`,
  };
}

/**
 * The name a run asks for, without asking the store, and what to do when it is taken: a
 * generated name (or one with `{time}`) takes a short suffix, a name the user chose fails.
 */
export function runNameRequest(pipelineName: string, template: string | undefined): { name: string; onNameTaken: 'suffix' | 'fail' } {
  const { date, time } = stamp(new Date());
  const name = expandRunName(pipelineName, template, date, time);
  return { name, onNameTaken: !template || template.includes('{time}') ? 'suffix' : 'fail' };
}

/**
 * The template with its placeholders filled in, checked against the name rule as it will be
 * stored (with room for the suffix a taken generated name gets), before any run exists.
 */
function expandRunName(pipelineName: string, template: string | undefined, date: string, time: string): string {
  if (template !== undefined && typeof template !== 'string') checkName('Run name', template, RUN_NAME_RULE);
  const name = (template ?? '{pipeline}-{date}-{time}').replaceAll('{pipeline}', pipelineName).replaceAll('{date}', date).replaceAll('{time}', time);
  checkName('Run name', name, RUN_NAME_RULE);
  if ([...name].length > MAX_NAME_LENGTH - SUFFIX_LENGTH) checkName('Run name', `${name}${'x'.repeat(SUFFIX_LENGTH)}`, RUN_NAME_RULE);
  return name;
}

/** Run names are labels: any printable text, but no path separators (they name exported files and folders). */
export const RUN_NAME_RULE: NameRule = { kind: 'label', pathSegment: true };
/** `-` and six hex digits. */
const SUFFIX_LENGTH = 7;

/** The one-line error for a run name the user chose that is taken. */
export function runNameTaken(name: string): UsageError {
  return new UsageError(`A run named '${name}' already exists.`, 'Choose another runName, or include {time} in it.');
}

/**
 * `{pipeline}-{date}-{time}` by default; `{date}` and `{time}` may appear in a custom name.
 * A generated name that collides gets a short suffix; a name the user chose must be free.
 */
export async function chooseRunName(store: ZenStore, pipelineName: string, template: string | undefined): Promise<string> {
  const { date, time } = stamp(new Date());
  const name = expandRunName(pipelineName, template, date, time);
  if (!(await store.runNameExists(name))) return name;
  if (template && !template.includes('{time}')) throw runNameTaken(name);
  return `${name}-${randomBytes(3).toString('hex')}`;
}

/**
 * Creates the run under `name`. Two runs started in the same millisecond (several in one
 * process, or other processes) can pick the same generated name; the loser takes a suffix.
 * A name the user chose is never altered.
 */
export async function createRunWithUniqueName(
  name: string,
  template: string | undefined,
  create: (name: string) => Promise<RunModel>,
): Promise<RunModel> {
  const generated = !template || template.includes('{time}');
  for (let attempt = 0; ; attempt++) {
    try {
      return await create(attempt === 0 ? name : `${name}-${randomBytes(3).toString('hex')}`);
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      if (!generated || attempt >= 5) throw runNameTaken(name);
    }
  }
}
