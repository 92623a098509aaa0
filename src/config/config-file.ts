import { readFileSync } from 'node:fs';
import { ZenError, yamlProblem } from '../core/errors.js';

/**
 * The text of a config file, or undefined when there is none. Anything else that stops the
 * read (a folder in its place, no permission) is one line naming the file, never a raw errno.
 */
export async function readConfigText(path: string, fix: string): Promise<string | undefined> {
  try {
    // Read in one synchronous call: a small local file, read by every command at start, costs
    // several thread-pool round trips through fs/promises.
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new ZenError(`The config file ${path} is a folder, not a file.`, { hint: fix });
    if (code === 'EACCES' || code === 'EPERM') {
      throw new ZenError(`The config file ${path} cannot be read: permission denied.`, { hint: 'Give your user read access to it (or run zenml as its owner).' });
    }
    throw new ZenError(`The config file ${path} cannot be read (${code ?? (error as Error).message}).`, { hint: fix });
  }
}

/**
 * Parses a config file that must hold a YAML mapping. A file that does not parse, or parses
 * to anything but a mapping (a plain word, a list, nothing at all after a truncation), is
 * refused: merging it into defaults would turn `hello` into `"0": h, ...` and a later save
 * would overwrite whatever the user could still have recovered.
 */
export async function parseConfigMapping<T extends object>(text: string, path: string, fix: string): Promise<T> {
  // The YAML library loads only when a file is to be parsed (the global config usually is not: parsed-config.ts).
  const { parse } = await import('../vendor/yaml.js');
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new ZenError(`The config file ${path} is not valid YAML (${yamlProblem(error)}).`, { hint: fix });
  }
  if (parsed === null || parsed === undefined) {
    throw new ZenError(`The config file ${path} is empty.`, { hint: fix });
  }
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ZenError(`The config file ${path} is damaged: it holds ${Array.isArray(parsed) ? 'a list' : `a ${typeof parsed}`}, not a mapping of settings.`, { hint: fix });
  }
  return parsed as T;
}
