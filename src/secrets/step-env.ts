import { processSingleton } from '../core/process-state.js';
import type { StepExtension, StepExtensionContext } from '../context/step-extension.js';
import { secretEnvName } from './names.js';

/**
 * Environment variable names per secret, from step/pipeline settings:
 * `settings: { secrets: { env: { 'aws.access_key': 'AWS_ACCESS_KEY_ID', db: 'PG' } } }`
 * maps one key to an exact name, or a whole secret to a prefix (`PG_PASSWORD`).
 */
export interface SecretEnvSettings {
  env?: Record<string, string>;
}

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
 * Values read once per run and secret, so a run of many steps sharing secrets reads and
 * decrypts each once (a run sees one consistent version of a secret). Only the last few
 * runs are kept: memory only, never written anywhere.
 */
const RECENT_RUNS = 4;
const runValues = processSingleton('secretRunValues', () => new Map<string, Map<string, Promise<Record<string, string>>>>());

function valuesForRun(runId: string | undefined, name: string, read: () => Promise<Record<string, string>>): Promise<Record<string, string>> {
  if (!runId) return read();
  let perRun = runValues.get(runId);
  if (!perRun) {
    perRun = new Map();
    runValues.set(runId, perRun);
    while (runValues.size > RECENT_RUNS) runValues.delete(runValues.keys().next().value!);
  }
  let values = perRun.get(name);
  if (!values) {
    values = read();
    perRun.set(name, values);
    values.catch(() => perRun.delete(name));
  }
  return values;
}

// Loaded on the first step that uses secrets: runs without any never pay for it.
let lazy: Promise<typeof import('./secrets-manager.js') & typeof import('../core/errors.js')> | undefined;

/** The variables a step gets for its `secrets: [...]`, read from the secrets store. */
export async function secretEnvironment(ctx: Pick<StepExtensionContext, 'context' | 'step'> & { run?: { id: string } }): Promise<Map<string, string>> {
  const names = ctx.step.config.secrets ?? [];
  const variables = new Map<string, string>();
  if (names.length === 0) return variables;
  const { secretsManager, ZenError } = await (lazy ??= Promise.all([import('./secrets-manager.js'), import('../core/errors.js')]).then(([m, e]) => ({ ...m, ...e })));
  const manager = secretsManager(ctx.context);
  const mapping = ((ctx.step.config.settings?.secrets ?? {}) as SecretEnvSettings).env ?? {};
  for (const name of names) {
    const values = await valuesForRun(ctx.run?.id, name, async () => (await manager.getValues(name)).values).catch((error: Error) => {
      throw new ZenError(`Step '${ctx.step.id}' uses secret '${name}': ${error.message}`, { cause: error });
    });
    for (const [key, value] of Object.entries(values)) variables.set(mapping[`${name}.${key}`] ?? secretEnvName(name, key, mapping[name]), value);
  }
  return variables;
}

/** Replaces every injected value in an error's message and stack, so a failing step cannot echo a secret into the store. */
export function redactError(error: unknown, values: Iterable<string>): unknown {
  const secrets = [...values].filter((value) => value.length >= 3).sort((a, b) => b.length - a.length);
  if (secrets.length === 0 || !(error instanceof Error)) return error;
  const redact = (text: string) => secrets.reduce((out, value) => out.split(value).join('****'), text);
  error.message = redact(error.message);
  if (error.stack) error.stack = redact(error.stack);
  return error;
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
      throw redactError(error, variables.values());
    } finally {
      for (const name of variables.keys()) release(name);
    }
  },
};
