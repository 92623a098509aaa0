import type { ZenContext } from '../context/zen-context.js';
import type { StackModel } from '../core/entities.js';
import { findSecretReferences, type SecretReference } from './resolve.js';
import { secretsManager } from './secrets-manager.js';

export type ReferenceStatus = 'ok' | 'missing_secret' | 'missing_key';

export interface StackSecretReference extends SecretReference {
  componentType: string;
  component: string;
  status: ReferenceStatus;
}

/** Every `{{secret.key}}` in a stack's component configs, with whether it resolves (metadata only, no values read). */
export async function stackSecretReferences(context: ZenContext, stackNameOrId: string): Promise<{ stack: StackModel; references: StackSecretReference[] }> {
  const stack = await context.store.getStack(stackNameOrId);
  const manager = secretsManager(context);
  const keysOf = new Map<string, string[] | undefined>();
  const references: StackSecretReference[] = [];
  for (const [type, id] of Object.entries(stack.components)) {
    const component = await context.store.getStackComponent(type, id);
    for (const reference of findSecretReferences(component.config)) {
      if (!keysOf.has(reference.secret)) keysOf.set(reference.secret, (await manager.exists(reference.secret)) ? (await manager.get(reference.secret)).keys : undefined);
      const keys = keysOf.get(reference.secret);
      const status: ReferenceStatus = !keys ? 'missing_secret' : keys.includes(reference.key) ? 'ok' : 'missing_key';
      references.push({ ...reference, componentType: type, component: component.name, status });
    }
  }
  return { stack, references };
}
