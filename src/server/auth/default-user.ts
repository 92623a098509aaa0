import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { AlreadyExistsError, UsageError } from '../../core/errors.js';
import type { ZenStore } from '../../store/zen-store.js';
import { DEFAULT_PASSWORD_FILE } from '../../config/paths.js';
import { createPrivateFileOnce } from './private-file.js';

export const DEFAULT_USER_NAME = 'default';

export interface DefaultUserResult {
  /** False when users existed already: nothing was done. */
  created: boolean;
  name?: string;
  /** Where a generated password was kept (0600), when one was generated. */
  passwordFile?: string;
}

/**
 * On a store with no users, creates the administrator: named ZENML_DEFAULT_USER_NAME
 * (default `default`), with ZENML_DEFAULT_USER_PASSWORD; without that variable a random
 * password is generated, kept 0600 in the server's directory and printed this once.
 */
export async function ensureDefaultUser(
  store: ZenStore,
  options: { serverDir: string; env?: NodeJS.ProcessEnv; print?: (line: string) => void },
): Promise<DefaultUserResult> {
  const env = options.env ?? process.env;
  if ((await store.listUsers({ size: 1 })).total > 0) return { created: false };
  const name = env.ZENML_DEFAULT_USER_NAME || DEFAULT_USER_NAME;
  let password = env.ZENML_DEFAULT_USER_PASSWORD;
  let passwordFile: string | undefined;
  let generated = false;
  if (!password) {
    passwordFile = join(options.serverDir, DEFAULT_PASSWORD_FILE);
    const kept = await createPrivateFileOnce(passwordFile, randomBytes(18).toString('base64url'));
    password = kept.content.trim();
    generated = kept.created;
  }
  try {
    await store.createUser({ name, password, isAdmin: true, active: true });
  } catch (error) {
    // Another server process on the same database made it first.
    if (error instanceof AlreadyExistsError) return { created: false };
    throw error;
  }
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  if (generated) {
    print(`Created the administrator '${name}' with the generated password: ${password}`);
    print(`(shown once; also kept readable only by you in ${passwordFile}). Change it with \`zenml user update ${name} --password-stdin\`.`);
  } else if (passwordFile) {
    print(`Created the administrator '${name}' with the password kept in ${passwordFile}.`);
  } else {
    print(`Created the administrator '${name}' with the password from ZENML_DEFAULT_USER_PASSWORD.`);
  }
  return { created: true, name, passwordFile };
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}

/**
 * Whether listening on `host` depends on the store: beyond loopback with no
 * ZENML_DEFAULT_USER_PASSWORD, only an administrator that already exists (a restart) makes it
 * safe. Lets a caller skip opening the store when it cannot matter.
 */
export function bindNeedsExistingAdmin(host: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return !isLoopbackHost(host) && !env.ZENML_DEFAULT_USER_PASSWORD;
}

/**
 * The one rule for where a server may listen (`zenml server start`, with or without --daemon,
 * checks it before binding): beyond loopback only when the administrator has a password chosen
 * by a person, i.e. ZENML_DEFAULT_USER_PASSWORD is set or the store already has users (a
 * restart). Otherwise a first start would generate a password while anyone who can reach the
 * address could log in first.
 */
export async function assertBindAllowed(host: string, store: ZenStore, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!bindNeedsExistingAdmin(host, env)) return;
  if ((await store.listUsers({ size: 1 })).total > 0) return;
  throw new UsageError(
    `Refusing to listen on ${host} without an administrator password: anyone who can reach it could log in first.`,
    'Set ZENML_DEFAULT_USER_PASSWORD for the first start, or listen on 127.0.0.1.',
  );
}
