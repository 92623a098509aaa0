import { readFile } from 'node:fs/promises';
import { UsageError, yamlProblem } from '../core/errors.js';
import { stableStringify } from '../core/stable-json.js';
import type { RunOptions, StepRunOptions } from '../core/step-config.js';
import { assertValidRunConfig } from './run-config-schema.js';

/**
 * Keys of a YAML run config, camelCase as in `withOptions` or snake_case as in ZenML's run
 * configs (`enable_cache`, `run_name`, `steps.<id>.parameters`...). Both spellings of one key
 * in one mapping are an error; anything else is an unknown key.
 */
const COMMON_KEYS: Record<string, string> = {
  enableCache: 'enable_cache',
  cachePolicy: 'cache_policy',
  cacheExpiration: 'cache_expiration',
  enableArtifactMetadata: 'enable_artifact_metadata',
  enableArtifactVisualization: 'enable_artifact_visualization',
  settings: 'settings',
  extra: 'extra',
  retry: 'retry',
  tags: 'tags',
  secrets: 'secrets',
  model: 'model',
  experimentTracker: 'experiment_tracker',
  onFailure: 'on_failure',
  onSuccess: 'on_success',
};
const RUN_KEYS: Record<string, string> = {
  runName: 'run_name',
  stack: 'stack',
  parameters: 'parameters',
  steps: 'steps',
  schedule: 'schedule',
  executionMode: 'execution_mode',
  onInit: 'on_init',
  onCleanup: 'on_cleanup',
  ...COMMON_KEYS,
};
const STEP_KEYS: Record<string, string> = { ...COMMON_KEYS, parameters: 'parameters' };
/** ZenML's CachePolicy fields. */
const CACHE_POLICY_KEYS: Record<string, string> = {
  includeStepCode: 'include_step_code',
  includeStepParameters: 'include_step_parameters',
  includeArtifactValues: 'include_artifact_values',
  includeArtifactIds: 'include_artifact_ids',
  ignoredInputs: 'ignored_inputs',
  expiresAfter: 'expires_after',
};
const RETRY_KEYS: Record<string, string> = { maxRetries: 'max_retries', delayMs: 'delay_ms', backoff: 'backoff' };
/** ZenML's Schedule fields (`cron_expression`, `start_time`, `end_time`) and the short names `pipeline({ schedule })` takes. */
const SCHEDULE_KEYS: Record<string, string> = { cron: 'cron', cronExpression: 'cron_expression', name: 'name', timezone: 'timezone', start: 'start_time', end: 'end_time', catchup: 'catchup' };

/** ZenML keys this port knows but cannot honour yet: a clear refusal instead of "unknown key". */
const UNSUPPORTED: Record<string, string> = {
  enable_step_logs: 'step logs cannot be turned off yet',
  enableStepLogs: 'step logs cannot be turned off yet',
  enable_pipeline_logs: 'pipeline logs cannot be turned off yet',
  build: 'there are no pipeline builds (images) yet',
  step_operator: 'there are no step operators yet',
  stepOperator: 'there are no step operators yet',
};

/** Reads a YAML run config; unknown keys and malformed YAML are one-line errors naming the file. */
export async function loadRunConfig(path: string): Promise<RunOptions> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`Run config ${path} does not exist or cannot be read.`, 'Check the path given to --config / configPath.');
  }
  const { parse } = await import('../vendor/yaml.js');
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new UsageError(`Run config ${path} is not valid YAML (${yamlProblem(error)}).`, 'Fix the YAML and run again.');
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new UsageError(`Run config ${path} must be a mapping of keys to values.`);
  await assertValidRunConfig(data, 'run', `Run config ${path}`);
  const options = normalize(data as Record<string, unknown>, RUN_KEYS, path, '') as RunOptions & Record<string, unknown>;
  const steps = options.steps;
  if (steps !== undefined) {
    if (typeof steps !== 'object' || steps === null || Array.isArray(steps)) throw new UsageError(`Run config ${path}: 'steps' must map step ids to their options.`);
    options.steps = {};
    for (const [id, step] of Object.entries(steps)) {
      if (typeof step !== 'object' || step === null || Array.isArray(step)) throw new UsageError(`Run config ${path}: steps.${id} must be a mapping.`);
      options.steps[id] = normalize(step as Record<string, unknown>, STEP_KEYS, path, `steps.${id}.`) as StepRunOptions;
    }
  }
  return options;
}

/** Renames snake_case keys to camelCase, refusing unknown keys and a key given both ways. */
function normalize(data: Record<string, unknown>, known: Record<string, string>, path: string, prefix: string): Record<string, unknown> {
  const bySnake = new Map(Object.entries(known).map(([camel, snake]) => [snake, camel]));
  const out: Record<string, unknown> = {};
  const spelled = new Map<string, string>();
  for (const [key, value] of Object.entries(data)) {
    const camel = key in known ? key : bySnake.get(key);
    if (camel === undefined) {
      if (key in UNSUPPORTED) throw new UsageError(`Run config ${path}: '${prefix}${key}' is not supported: ${UNSUPPORTED[key]}.`, 'Remove the key.');
      const names = Object.entries(known).map(([c, s]) => (c === s ? c : `${c} (${s})`));
      throw new UsageError(`Run config ${path} has an unknown key '${prefix}${key}'.`, `Allowed keys: ${names.join(', ')}.`);
    }
    const other = spelled.get(camel);
    if (other !== undefined) {
      throw new UsageError(`Run config ${path} sets '${prefix}${other}' and '${prefix}${key}', which are the same key.`, 'Keep one of them.');
    }
    spelled.set(camel, key);
    out[camel] =
      camel === 'retry'
        ? normalizeRetry(value, path, `${prefix}${key}`)
        : camel === 'schedule' && prefix === ''
          ? normalizeSchedule(value, path)
          : camel === 'cachePolicy' && isMapping(value)
            ? normalize(value, CACHE_POLICY_KEYS, path, `${prefix}${key}.`)
            : value;
  }
  return out;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `schedule:` takes ZenML's Schedule keys; a bare string is a cron expression. YAML dates arrive as Date objects. */
function normalizeSchedule(value: unknown, path: string): unknown {
  if (typeof value === 'string') return { cron: value };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`Run config ${path}: 'schedule' must be a cron expression or a mapping (cron_expression, timezone, start_time, end_time, catchup, name).`);
  }
  const schedule = normalize(value as Record<string, unknown>, SCHEDULE_KEYS, path, 'schedule.');
  for (const key of ['start', 'end'] as const) if (schedule[key] instanceof Date) schedule[key] = (schedule[key] as Date).toISOString();
  return schedule;
}

/** `retry` takes maxRetries/delayMs/backoff, their snake_case, or ZenML's `delay` in seconds. */
function normalizeRetry(value: unknown, path: string, where: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const raw = { ...(value as Record<string, unknown>) };
  let seconds: unknown;
  if ('delay' in raw) {
    seconds = raw.delay;
    delete raw.delay;
    if ('delayMs' in raw || 'delay_ms' in raw) throw new UsageError(`Run config ${path} sets '${where}.delay' (seconds) and '${where}.delayMs', which are the same setting.`, 'Keep one of them.');
    if (typeof seconds !== 'number') throw new UsageError(`Run config ${path}: '${where}.delay' must be a number of seconds.`);
  }
  const retry = normalize(raw, RETRY_KEYS, path, `${where}.`);
  if (seconds !== undefined) retry.delayMs = (seconds as number) * 1000;
  return retry;
}

/**
 * Combines options given in code with the YAML file. A key both set with different values
 * is an error: silently preferring one would run something the user did not ask for.
 */
export function mergeRunOptions(code: RunOptions, file: RunOptions, path: string): RunOptions {
  const merged: RunOptions = { ...file, ...code };
  for (const key of Object.keys(file) as Array<keyof RunOptions>) {
    if (key === 'steps' || key === 'parameters') continue;
    if (code[key] !== undefined && !sameValue(code[key], file[key])) {
      throw conflict(String(key), code[key], file[key], path);
    }
  }
  merged.parameters = mergeRecords(code.parameters, file.parameters, 'parameters', path);
  const stepIds = new Set([...Object.keys(code.steps ?? {}), ...Object.keys(file.steps ?? {})]);
  if (stepIds.size > 0) {
    merged.steps = {};
    for (const id of stepIds) {
      const fromCode: StepRunOptions = code.steps?.[id] ?? {};
      const fromFile: StepRunOptions = file.steps?.[id] ?? {};
      const step: StepRunOptions = { ...fromFile, ...fromCode };
      for (const key of Object.keys(fromFile) as Array<keyof StepRunOptions>) {
        if (key !== 'parameters' && fromCode[key] !== undefined && !sameValue(fromCode[key], fromFile[key])) {
          throw conflict(`steps.${id}.${key}`, fromCode[key], fromFile[key], path);
        }
      }
      step.parameters = mergeRecords(fromCode.parameters, fromFile.parameters, `steps.${id}.parameters`, path);
      merged.steps[id] = step;
    }
  }
  return merged;
}

export function mergeRecords(
  code: Record<string, unknown> | undefined,
  file: Record<string, unknown> | undefined,
  what: string,
  path: string,
): Record<string, unknown> | undefined {
  if (!code && !file) return undefined;
  const merged = { ...(file ?? {}), ...(code ?? {}) };
  for (const [key, value] of Object.entries(file ?? {})) {
    if (code && key in code && !sameValue(code[key], value)) throw conflict(`${what}.${key}`, code[key], value, path);
  }
  return merged;
}

export function conflict(key: string, codeValue: unknown, fileValue: unknown, path: string): UsageError {
  return new UsageError(
    `'${key}' is ${JSON.stringify(codeValue)} in code but ${JSON.stringify(fileValue)} in ${path}.`,
    'Set it in one place only.',
  );
}

export function sameValue(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}
