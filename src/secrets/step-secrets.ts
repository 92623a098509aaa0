import { processSingleton } from '../core/process-state.js';
import { Redactor } from '../core/redaction.js';
import type { ZenContext } from '../context/zen-context.js';
import type { StepExtensionContext } from '../context/step-extension.js';
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
 * Values read once per run and secret, so a run of many steps sharing secrets reads and
 * decrypts each once (a run sees one consistent version of a secret). Only the last few
 * runs are kept: memory only, never written anywhere. `known` holds the values read so far,
 * which every string leaving a step of that run is redacted of.
 */
const RECENT_RUNS = 4;
/** A secret as a step reads it: its id (which salts its cache digest) and its values. */
interface ReadSecret {
  id: string;
  values: Record<string, string>;
}
interface RunSecrets {
  reads: Map<string, Promise<ReadSecret>>;
  known: Set<string>;
}
const runValues = processSingleton('secretRunValues', () => new Map<string, RunSecrets>());

function valuesForRun(runId: string | undefined, name: string, read: () => Promise<ReadSecret>): Promise<ReadSecret> {
  if (!runId) return read();
  let perRun = runValues.get(runId);
  if (!perRun) {
    perRun = { reads: new Map(), known: new Set() };
    runValues.set(runId, perRun);
    while (runValues.size > RECENT_RUNS) runValues.delete(runValues.keys().next().value!);
  }
  let values = perRun.reads.get(name);
  if (!values) {
    const run = perRun;
    values = read().then((read) => {
      for (const value of Object.values(read.values)) run.known.add(value);
      return read;
    });
    run.reads.set(name, values);
    values.catch(() => run.reads.delete(name));
  }
  return values;
}

/** Every secret value a step of this run has read in this process so far. */
export function knownRunSecretValues(runId: string | undefined): string[] {
  return runId ? [...(runValues.get(runId)?.known ?? [])] : [];
}

// Loaded on the first step that uses secrets: runs without any never pay for it.
let lazy: Promise<typeof import('./secrets-manager.js') & typeof import('../core/errors.js')> | undefined;
const load = () => (lazy ??= Promise.all([import('./secrets-manager.js'), import('../core/errors.js')]).then(([m, e]) => ({ ...m, ...e })));

/** Each named secret (read once per run), by secret name. */
export async function readSecrets(context: ZenContext, names: readonly string[], runId?: string, who = 'This run'): Promise<Map<string, ReadSecret>> {
  const read = new Map<string, ReadSecret>();
  if (names.length === 0) return read;
  const { secretsManager, ZenError } = await load();
  const manager = secretsManager(context);
  for (const name of names) {
    const secret = await valuesForRun(runId, name, async () => {
      const { secret, values } = await manager.getValues(name);
      return { id: secret.id, values };
    }).catch((error: Error) => {
      throw new ZenError(`${who} uses secret '${name}': ${error.message}`, { cause: error });
    });
    read.set(name, secret);
  }
  return read;
}

/** The variables a step gets for its `secrets: [...]`, read from the secrets store. */
export async function secretEnvironment(ctx: Pick<StepExtensionContext, 'context' | 'step'> & { run?: { id: string } }): Promise<Map<string, string>> {
  const variables = new Map<string, string>();
  const secrets = await readSecrets(ctx.context, ctx.step.config.secrets ?? [], ctx.run?.id, `Step '${ctx.step.id}'`);
  const mapping = ((ctx.step.config.settings?.secrets ?? {}) as SecretEnvSettings).env ?? {};
  for (const [name, { values }] of secrets) {
    for (const [key, value] of Object.entries(values)) variables.set(mapping[`${name}.${key}`] ?? secretEnvName(name, key, mapping[name]), value);
  }
  return variables;
}

/**
 * The redactor of one step run: the values of its own secrets and of every secret the run
 * read in this process. A secret that cannot be read is left out here: the step fails on it,
 * with the reason, when its environment is set up.
 */
export async function stepRedactor(ctx: Pick<StepExtensionContext, 'context' | 'step'> & { run?: { id: string } }): Promise<Redactor> {
  const own = declaresSecrets(ctx.step) ? await secretEnvironment(ctx).catch(() => new Map<string, string>()) : new Map<string, string>();
  return new Redactor([...own.values(), ...knownRunSecretValues(ctx.run?.id)]);
}

/** Whether the step names secrets of its own; a step that does not needs nothing read for its redactor or cache key. */
export function declaresSecrets(step: { config: { secrets?: string[] } }): boolean {
  return (step.config.secrets ?? []).length > 0;
}

/** stepRedactor for a step that declares no secrets (see declaresSecrets): at once. */
export function runSecretsRedactor(runId: string): Redactor {
  const values = knownRunSecretValues(runId);
  return values.length === 0 ? Redactor.none : new Redactor(values);
}

/**
 * The redactor of a run about to start: the values of every secret its steps declare (for its
 * name and tags). `remember(runId)` hands what was read to the run once it exists, so its
 * steps in this process read nothing again and see the same versions.
 */
export async function runRedactor(context: ZenContext, steps: ReadonlyArray<{ config: { secrets?: string[] } }>): Promise<{ redactor: Redactor; remember(runId: string): void }> {
  const names = [...new Set(steps.flatMap((step) => step.config.secrets ?? []))];
  if (names.length === 0) return { redactor: Redactor.none, remember: () => undefined };
  const secrets = await readSecrets(context, names).catch(() => new Map<string, ReadSecret>());
  return {
    redactor: new Redactor([...secrets.values()].flatMap((secret) => Object.values(secret.values))),
    remember(runId) {
      for (const [name, secret] of secrets) void valuesForRun(runId, name, async () => secret);
    },
  };
}

/**
 * What a step's cache key holds of its secrets: per secret name, a digest of its values,
 * so a step reused from the cache ran with the values it would run with now. Never the
 * values, nor a fast hash of them: the key is stored with every step run, readable by
 * anyone who can read runs, and a fast hash of a password is guessed by trying a
 * dictionary. Each digest is scrypt (memory-hard, one guess costs what it costs here)
 * over the secret's name, keys and values, salted with the secret's id (random, so no
 * table computed in advance applies, and equal values of two secrets differ). Computed
 * once per process and secret version. Undefined for a step without secrets (its key is
 * unchanged); a secret that cannot be read leaves its entry out (the step then fails).
 */
export async function stepSecretsDigest(ctx: Pick<StepExtensionContext, 'context' | 'step'> & { run?: { id: string } }): Promise<Record<string, string> | undefined> {
  const names = ctx.step.config.secrets ?? [];
  if (names.length === 0) return undefined;
  const secrets = await readSecrets(ctx.context, names, ctx.run?.id).catch(() => new Map<string, ReadSecret>());
  const digests: Record<string, string> = {};
  for (const name of [...names].sort()) {
    const secret = secrets.get(name);
    digests[name] = secret ? await secretDigest(name, secret) : 'unreadable';
  }
  return digests;
}

/** scrypt cost: about 16 MiB and tens of milliseconds per digest (and per guess). */
const SCRYPT = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const digestMemo = processSingleton('secretCacheDigests', () => new Map<string, Promise<string>>());

async function secretDigest(name: string, secret: ReadSecret): Promise<string> {
  const [{ createHash, scrypt }, { stableStringify }] = await Promise.all([import('node:crypto'), import('../core/stable-json.js')]);
  const material = stableStringify({ name, values: secret.values });
  // The memo is keyed by a fast hash held in memory only, never stored.
  const memoKey = createHash('sha256').update(secret.id).update('\0').update(material).digest('hex');
  let digest = digestMemo.get(memoKey);
  if (!digest) {
    digest = new Promise<string>((resolve, reject) =>
      scrypt(material, `zenml-step-cache:${secret.id}`, 32, SCRYPT, (error, key) => (error ? reject(error) : resolve(key.toString('hex')))),
    );
    digestMemo.set(memoKey, digest);
    while (digestMemo.size > 256) digestMemo.delete(digestMemo.keys().next().value!);
  }
  return digest;
}
