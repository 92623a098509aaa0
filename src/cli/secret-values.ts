import { readFile } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
/** Secret values: key → plain-text value. */
export type SecretValues = Record<string, string>;

/** A value `@path` is the content of that file (exactly, trailing newline included). */
export async function readValue(value: string, what: string): Promise<string> {
  if (!value.startsWith('@')) return value;
  const path = value.slice(1);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`Cannot read ${what} from file '${path}' (${code}).`, 'Check the path and its permissions; nothing was changed.');
  }
}

/**
 * `--values` as JSON, YAML or `@file` holding either: a mapping of key to scalar value.
 * Parser messages are never shown, because they quote the text (the values).
 */
export async function parseValuesDocument(text: string): Promise<SecretValues> {
  const source = await readValue(text, '--values');
  const { parse } = await import('../vendor/yaml.js');
  let document: unknown;
  try {
    // YAML is a superset of JSON, so one parser reads both.
    document = parse(source, { prettyErrors: false });
  } catch (error) {
    const line = (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    throw new UsageError(`--values is not valid JSON or YAML${line ? ` (line ${line})` : ''}.`, 'Pass a mapping such as \'{"user":"admin","password":"..."}\' or @file.yaml.');
  }
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    throw new UsageError('--values must be a mapping of key to value.', 'Pass e.g. \'{"user":"admin","password":"..."}\' or @file.yaml.');
  }
  const values: SecretValues = {};
  for (const [key, value] of Object.entries(document)) {
    if (value === null || typeof value === 'object') throw new UsageError(`--values: the value of '${key}' must be a string, number or boolean.`);
    values[key] = String(value);
  }
  return values;
}

/**
 * Free `--key=value` / `--key value` arguments (oclif leaves unknown flags in argv when a
 * command is not strict). Values may be `@path`.
 */
export async function parseKeyValueArgs(argv: string[]): Promise<SecretValues> {
  const values: SecretValues = {};
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index];
    const match = /^--([^=]+)(?:=(.*))?$/s.exec(token);
    if (!match) throw new UsageError(`Unexpected argument '${token.startsWith('-') ? token : '<value>'}'.`, 'Pass secret values as --<key>=<value>.');
    let value = match[2];
    if (value === undefined) {
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${match[1]} has no value.`, `Pass --${match[1]}=<value> (or --${match[1]}=@file).`);
      value = next;
      index += 1;
    }
    values[match[1]] = await readValue(value, `the value of '${match[1]}'`);
  }
  return values;
}
