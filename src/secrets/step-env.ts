import { scopedValue } from '../core/async-scope.js';
import { processSingleton } from '../core/process-state.js';
import { Redactor } from '../core/redaction.js';
import type { StepExtension, StepExtensionContext } from '../context/step-extension.js';
import { knownRunSecretValues, secretEnvironment } from './step-secrets.js';

export { secretEnvironment, type SecretEnvSettings } from './step-secrets.js';

/**
 * A step's secret variables live in its own async context, never in the process
 * environment: steps that run at the same time in one process (the `local` orchestrator,
 * a worker running several steps) each see only their own. `process.env` is replaced, on the
 * first step that declares secrets, by a view of the real environment that adds the
 * variables of the step whose code is reading it. Everything reading `process.env` at the
 * time of the read (the step's code, libraries, child processes it spawns) sees them; native
 * code reading the C environment, and code that kept the old `process.env` object, do not.
 */
const scope = processSingleton('secretEnvView', () => ({ view: undefined as NodeJS.ProcessEnv | undefined }));
const stepVariables = scopedValue<Map<string, string>>('stepSecretVariables');
const NO_VARIABLES = new Map<string, string>();

function installScopedEnvironment(): void {
  if (scope.view && process.env === scope.view) return;
  const real = process.env;
  const own = (key: string | symbol): Map<string, string> | undefined => {
    const variables = typeof key === 'string' ? stepVariables.get() : undefined;
    return variables?.has(key as string) ? variables : undefined;
  };
  scope.view = new Proxy(real, {
    get: (target, key) => own(key)?.get(key as string) ?? Reflect.get(target, key),
    has: (target, key) => own(key) !== undefined || Reflect.has(target, key),
    set(target, key, value) {
      const variables = own(key);
      if (!variables) return Reflect.set(target, key, value);
      variables.set(key as string, String(value));
      return true;
    },
    deleteProperty(target, key) {
      const variables = own(key);
      if (!variables) return Reflect.deleteProperty(target, key);
      variables.delete(key as string);
      return true;
    },
    ownKeys(target) {
      const keys = Reflect.ownKeys(target);
      const variables = stepVariables.get();
      if (variables) for (const key of variables.keys()) if (!keys.includes(key)) keys.push(key);
      return keys;
    },
    getOwnPropertyDescriptor(target, key) {
      const variables = own(key);
      if (!variables) return Reflect.getOwnPropertyDescriptor(target, key);
      return { value: variables.get(key as string), writable: true, enumerable: true, configurable: true };
    },
  });
  process.env = scope.view;
}

/**
 * Gives a step its secrets as environment variables, visible only to its own code and only
 * while its function runs (each attempt), in whichever process runs the step: the
 * in-process launcher and the `step-entrypoint` child both go through runStep, which
 * applies it. A step without secrets runs in an empty scope, so even when it runs inside
 * another step's context (a pipeline launched from a step) it sees none of that step's.
 */
export const secretsEnvExtension: StepExtension = {
  name: 'secrets-env',
  async around<T>(ctx: StepExtensionContext, body: () => Promise<T>): Promise<T> {
    if ((ctx.step.config.secrets ?? []).length === 0) return scope.view ? stepVariables.run(NO_VARIABLES, body) : body();
    const variables = await secretEnvironment(ctx);
    installScopedEnvironment();
    const own = new Map(variables);
    try {
      return await stepVariables.run(own, body);
    } catch (error) {
      // Whatever was thrown (an Error, a string, an object) leaves the step without the values.
      throw new Redactor([...variables.values(), ...knownRunSecretValues(ctx.run?.id)]).error(error);
    } finally {
      // Timers and callbacks the step left behind keep its context: they see the values no more.
      own.clear();
    }
  },
};

/** Replaces every injected value in a thrown value (of any type), so a failing step cannot echo a secret into the store. */
export function redactError(error: unknown, values: Iterable<string>): unknown {
  return new Redactor(values).error(error);
}
