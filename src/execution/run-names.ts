import { randomBytes } from 'node:crypto';
import { UsageError } from '../errors.js';
import type { ZenStore } from '../store/zen-store.js';

function stamp(date: Date): { date: string; time: string } {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return {
    date: `${date.getUTCFullYear()}_${pad(date.getUTCMonth() + 1)}_${pad(date.getUTCDate())}`,
    time: `${pad(date.getUTCHours())}_${pad(date.getUTCMinutes())}_${pad(date.getUTCSeconds())}_${pad(date.getUTCMilliseconds(), 3)}`,
  };
}

/**
 * `{pipeline}-{date}-{time}` by default; `{date}` and `{time}` may appear in a custom name.
 * A generated name that collides gets a short suffix; a name the user chose must be free.
 */
export async function chooseRunName(store: ZenStore, pipelineName: string, template: string | undefined): Promise<string> {
  const { date, time } = stamp(new Date());
  const name = (template ?? '{pipeline}-{date}-{time}').replaceAll('{pipeline}', pipelineName).replaceAll('{date}', date).replaceAll('{time}', time);
  if (!(await store.runNameExists(name))) return name;
  if (template && !template.includes('{time}')) {
    throw new UsageError(`A run named '${name}' already exists.`, 'Choose another runName, or include {time} in it.');
  }
  return `${name}-${randomBytes(3).toString('hex')}`;
}
