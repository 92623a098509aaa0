import { UsageError } from '../core/errors.js';
import { checkName, printableName } from '../core/names.js';

export const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const SECRET_KEY = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

export function assertSecretName(name: string): void {
  // ASCII only, unlike the general rule: `{{name.key}}` references are matched with SECRET_NAME's characters.
  if (!SECRET_NAME.test(name)) {
    throw new UsageError(`${printableName(name)} is not a valid secret name.`, 'Use letters, digits, `_`, `-` and `.`, starting with a letter or digit.');
  }
  checkName('Secret name', name);
}

export function assertSecretKey(key: string): void {
  if (!SECRET_KEY.test(key)) {
    throw new UsageError(`'${key}' is not a valid secret key.`, 'Use letters, digits, `_` and `-` (no dots: `{{secret.key}}` splits at the last dot).');
  }
}

/** `NAME_KEY` upper-cased, anything but letters, digits and `_` turned into `_`. */
export function secretEnvName(secret: string, key: string, prefix?: string): string {
  return `${prefix ?? secret}_${key}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}
