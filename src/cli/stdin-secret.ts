import { UsageError } from '../core/errors.js';

/**
 * Reads a secret piped on stdin (`--password-stdin`, as `docker login` does), without the
 * trailing newline `echo` adds. A terminal on stdin would wait forever, so it is refused.
 */
export async function readSecretFromStdin(what: string, flag: string): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError(`--${flag} reads the ${what} from stdin, which is a terminal.`, `Pipe it in, e.g. \`cat pass.txt | zenml ... --${flag}\`, or leave out --${flag} to be prompted.`);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  const value = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (!value) throw new UsageError(`--${flag} got an empty ${what} on stdin.`, `Pipe the ${what} in.`);
  return value;
}
