import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { createPrivateFileOnce } from './private-file.js';

export const SECRET_KEY_VARIABLE = 'ZENML_SERVER_SECRET_KEY';
export const SECRET_KEY_FILE = 'secret_key';
const MIN_KEY_LENGTH = 32;

/**
 * The key the server signs tokens with: ZENML_SERVER_SECRET_KEY, else a random key kept
 * 0600 in the server's directory (generated on first start), so tokens survive a restart.
 */
export async function loadServerSecretKey(serverDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array> {
  const configured = env[SECRET_KEY_VARIABLE];
  if (configured !== undefined && configured !== '') {
    if (configured.length < MIN_KEY_LENGTH) {
      throw new UsageError(`${SECRET_KEY_VARIABLE} is shorter than ${MIN_KEY_LENGTH} characters.`, 'Use a long random value, e.g. `openssl rand -hex 32`.');
    }
    return new TextEncoder().encode(configured);
  }
  const { content } = await createPrivateFileOnce(join(serverDir, SECRET_KEY_FILE), randomBytes(32).toString('hex'));
  return new TextEncoder().encode(content.trim());
}
