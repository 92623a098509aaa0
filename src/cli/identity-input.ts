import { UsageError } from '../core/errors.js';

/**
 * A password from stdin (`--password-stdin`, for scripts: the first line, never echoed or
 * logged) or a hidden prompt asked twice on a terminal; elsewhere, one line saying what to pass.
 */
export async function readPassword(options: { stdin: boolean; interactive: boolean; what: string }): Promise<string> {
  if (options.stdin) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
    if (!password) throw new UsageError('--password-stdin read an empty password.', "Pipe the password in, e.g. `printf '%s' \"$PASSWORD\" | zenml ... --password-stdin`.");
    return password;
  }
  if (!options.interactive) throw new UsageError(`A password is needed for ${options.what}.`, 'Pass --password-stdin and pipe it in (it is never taken as an argument).');
  const { password } = await import('@inquirer/prompts');
  const first = await password({ message: `Password for ${options.what}:`, mask: true });
  if (!first) throw new UsageError('The password is empty.');
  const again = await password({ message: 'Repeat the password:', mask: true });
  if (again !== first) throw new UsageError('The passwords do not match; nothing was changed.');
  return first;
}

/** `--retain MINUTES` as ZenML takes it: whole minutes, 0 or more. */
export function retainMinutes(value: number | undefined): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`--retain ${value} is not a number of minutes.`, 'Pass 0 or more whole minutes.');
  return value;
}
