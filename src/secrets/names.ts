import { UsageError } from '../core/errors.js';

export const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const SECRET_KEY = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

export function assertSecretName(name: string): void {
  if (!SECRET_NAME.test(name)) {
    throw new UsageError(`'${name}' is not a valid secret name.`, 'Use letters, digits, `_`, `-` and `.`, starting with a letter or digit.');
  }
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
