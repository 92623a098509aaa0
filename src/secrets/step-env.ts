import { processSingleton } from '../core/process-state.js';
import { Redactor } from '../core/redaction.js';
import type { StepExtension, StepExtensionContext } from '../context/step-extension.js';
import { knownRunSecretValues, secretEnvironment } from './step-secrets.js';

export { secretEnvironment, type SecretEnvSettings } from './step-secrets.js';

/**
 * Who set which variable: parallel steps in one process may share a secret, so a variable
 * is removed (and any earlier value restored) only when the last step using it finishes.
 */
interface Holder {
  count: number;
  value: string;
  previous: string | undefined;
}
const holders = processSingleton('secretEnvHolders', () => new Map<string, Holder>());

function acquire(name: string, value: string): void {
  const holder = holders.get(name);
  if (holder) {
    holder.count += 1;
    holder.value = value;
  } else {
    holders.set(name, { count: 1, value, previous: process.env[name] });
  }
  process.env[name] = value;
}

function release(name: string): void {
  const holder = holders.get(name);
  if (!holder) return;
  holder.count -= 1;
  if (holder.count > 0) return;
  holders.delete(name);
  if (holder.previous === undefined) delete process.env[name];
  else process.env[name] = holder.previous;
}

/**
 * Injects a step's secrets as environment variables only while its function runs (each
 * attempt), in whichever process runs the step: the in-process launcher and the
 * `step-entrypoint` child both go through runStep, which applies it.
 */
export const secretsEnvExtension: StepExtension = {
  name: 'secrets-env',
  async around<T>(ctx: StepExtensionContext, body: () => Promise<T>): Promise<T> {
    if ((ctx.step.config.secrets ?? []).length === 0) return body();
    const variables = await secretEnvironment(ctx);
    for (const [name, value] of variables) acquire(name, value);
    try {
      return await body();
    } catch (error) {
      // Whatever was thrown (an Error, a string, an object) leaves the step without the values.
      throw new Redactor([...variables.values(), ...knownRunSecretValues(ctx.run?.id)]).error(error);
    } finally {
      for (const name of variables.keys()) release(name);
    }
  },
};

/** Replaces every injected value in a thrown value (of any type), so a failing step cannot echo a secret into the store. */
export function redactError(error: unknown, values: Iterable<string>): unknown {
  return new Redactor(values).error(error);
}
