import type { SecretValuesService } from '../core/entities.js';
import type { ZenContext } from '../context/zen-context.js';
import { secretsManager } from '../secrets/secrets-manager.js';

/**
 * The server's side of centralized secrets: the same SecretsManager a local user runs, over
 * the server's own store and key, so names, keys, visibility and sealing follow one set of rules.
 * `context.store` is the request's scoped SQL store (it has no `secretValues` of its own).
 */
export function serverSecretValues(context: ZenContext): SecretValuesService {
  const manager = secretsManager(context);
  return {
    createSecret: ({ name, values, private: isPrivate }) => manager.create(name, values, { private: isPrivate }),
    updateSecretValues: (nameOrId, change) => manager.update(nameOrId, change),
    getSecretValues: (nameOrId) => manager.getValues(nameOrId),
  };
}
