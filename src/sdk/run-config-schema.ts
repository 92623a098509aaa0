import { UsageError } from '../core/errors.js';
import { createAjv } from '../stack/ajv.js';
import { certainlyValid } from './schema-fast-path.js';

/**
 * The one JSON Schema for run configuration: the YAML run config (camelCase or ZenML's
 * snake_case keys), `withOptions()`, and the config given to `pipeline()` and `step()`.
 * It checks the type of every value it knows; unknown YAML keys are refused earlier by the
 * run-config reader, with the list of allowed keys.
 */

type Schema = Record<string, unknown>;

/** Each key under its camelCase name and, where ZenML spells it otherwise, its snake_case name. */
function properties(spec: Array<[camel: string, snake: string | undefined, schema: Schema]>): Schema {
  const out: Schema = {};
  for (const [camel, snake, schema] of spec) {
    out[camel] = schema;
    if (snake && snake !== camel) out[snake] = schema;
  }
  return out;
}

const nonNegative = { type: 'number', minimum: 0 };
const mapping = { type: 'object' };
const names = { type: 'array', items: { type: 'string', minLength: 1 } };

const RETRY = {
  type: 'object',
  properties: properties([
    ['maxRetries', 'max_retries', { type: 'integer', minimum: 0 }],
    ['delayMs', 'delay_ms', nonNegative],
    // ZenML's `delay`, in seconds.
    ['delay', undefined, nonNegative],
    ['backoff', undefined, { type: 'number', exclusiveMinimum: 0 }],
  ]),
};

const DURATION = { type: ['number', 'string'] };

const CACHE_POLICY = {
  type: 'object',
  additionalProperties: false,
  properties: properties([
    ['includeStepCode', 'include_step_code', { type: 'boolean' }],
    ['includeStepParameters', 'include_step_parameters', { type: 'boolean' }],
    ['includeArtifactValues', 'include_artifact_values', { type: 'boolean' }],
    ['includeArtifactIds', 'include_artifact_ids', { type: 'boolean' }],
    ['ignoredInputs', 'ignored_inputs', names],
    ['expiresAfter', 'expires_after', DURATION],
  ]),
};

const MODEL = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1 }, version: { type: ['string', 'integer'] } },
};

const COMMON: Array<[string, string | undefined, Schema]> = [
  ['enableCache', 'enable_cache', { type: 'boolean' }],
  ['cachePolicy', 'cache_policy', CACHE_POLICY],
  ['cacheExpiration', 'cache_expiration', DURATION],
  ['enableArtifactMetadata', 'enable_artifact_metadata', { type: 'boolean' }],
  ['enableArtifactVisualization', 'enable_artifact_visualization', { type: 'boolean' }],
  ['settings', undefined, mapping],
  ['extra', undefined, mapping],
  ['retry', undefined, RETRY],
  ['tags', undefined, names],
  ['secrets', undefined, names],
  ['model', undefined, MODEL],
  ['experimentTracker', 'experiment_tracker', { type: 'string', minLength: 1 }],
  // A function in code, a source reference 'file.ts:export' in YAML: checked by sdk/hooks.ts.
  ['onFailure', 'on_failure', {}],
  ['onSuccess', 'on_success', {}],
];

const STEP_CONFIG = { type: 'object', properties: properties([...COMMON, ['parameters', undefined, mapping]]) };

const RUN_CONFIG = {
  $id: 'zenml:run-config',
  type: 'object',
  properties: properties([
    ...COMMON,
    ['runName', 'run_name', { type: 'string', minLength: 1 }],
    ['stack', undefined, { type: 'string', minLength: 1 }],
    // failFast | stopOnFailure | continueOnFailure or ZenML's FAIL_FAST...: checked by sdk/hooks.ts.
    ['executionMode', 'execution_mode', { type: 'string' }],
    ['onInit', 'on_init', {}],
    ['onCleanup', 'on_cleanup', {}],
    ['parameters', undefined, mapping],
    ['steps', undefined, { type: 'object', additionalProperties: { $ref: '#/$defs/stepConfig' } }],
    // A bare string is a cron expression; the mapping's own keys are checked by the schedule reader.
    ['schedule', undefined, { type: ['string', 'object'] }],
    // withOptions() only.
    ['configPath', undefined, { type: 'string', minLength: 1 }],
    ['detach', undefined, { type: 'boolean' }],
  ]),
  $defs: { stepConfig: STEP_CONFIG },
};

type Validator = ((data: unknown) => boolean) & { errors?: Array<AjvError> | null };
interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

let validators: Promise<{ run: Validator; step: Validator }> | undefined;

function compile(): Promise<{ run: Validator; step: Validator }> {
  validators ??= createAjv({ allErrors: true, allowUnionTypes: true }).then((ajv) => {
    const run = ajv.compile(RUN_CONFIG) as Validator;
    const step = ajv.getSchema('zenml:run-config#/$defs/stepConfig') as Validator | undefined;
    if (!step) throw new Error('The run-config schema has no stepConfig definition.');
    return { run, step };
  });
  return validators;
}

export type ConfigLevel = 'run' | 'step';

/**
 * Checks run options (level `run`: the YAML file, withOptions(), a pipeline's config) or one
 * step's config (level `step`) and throws one UsageError listing every problem with its path,
 * e.g. `steps.train.parameters: must be an object (got 5)`.
 */
export async function assertValidRunConfig(data: unknown, level: ConfigLevel, what: string): Promise<void> {
  const problems = await runConfigProblems(data, level);
  if (problems.length === 0) return;
  throw new UsageError(`${what} ${problems.length === 1 ? 'has an invalid value' : `has ${problems.length} invalid values`}: ${problems.join('; ')}.`, 'Fix them and run again.');
}

/** Every problem as `path: message`, in the order the data holds them. */
export async function runConfigProblems(data: unknown, level: ConfigLevel): Promise<string[]> {
  // The common case, a valid config, without compiling the schema.
  if (certainlyValid(level === 'run' ? RUN_CONFIG : STEP_CONFIG, data, RUN_CONFIG)) return [];
  const { run, step } = await compile();
  const validate = level === 'run' ? run : step;
  if (validate(data)) return [];
  const lines = new Map<string, number[]>();
  for (const error of validate.errors ?? []) {
    lines.set(`${dotted(error.instancePath)}: ${describe(error, valueAt(data, error.instancePath))}`, position(data, error.instancePath));
  }
  return [...lines].sort(([, a], [, b]) => compareRanks(a, b)).map(([line]) => line);
}

/** Where a path sits in the data, as the index of each key among its siblings: sorting by it gives document order. */
function position(data: unknown, instancePath: string): number[] {
  const ranks: number[] = [];
  let value = data;
  for (const part of segments(instancePath)) {
    if (value === null || typeof value !== 'object') break;
    ranks.push(Object.keys(value).indexOf(part));
    value = (value as Record<string, unknown>)[part];
  }
  return ranks;
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function segments(instancePath: string): string[] {
  return instancePath ? instancePath.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')) : [];
}

function dotted(instancePath: string): string {
  return instancePath ? segments(instancePath).join('.') : '(config)';
}

function valueAt(data: unknown, instancePath: string): unknown {
  let value = data;
  for (const part of segments(instancePath)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function describe(error: AjvError, value: unknown): string {
  if (error.keyword === 'type') {
    const types = String(error.params.type).split(',').map(article);
    return `must be ${types.join(' or ')} (got ${shown(value)})`;
  }
  if (error.keyword === 'required') return `must have '${String(error.params.missingProperty)}'`;
  if (error.keyword === 'minLength' && error.params.limit === 1) return 'must not be empty';
  if (error.keyword === 'additionalProperties') return `has an unknown key '${String(error.params.additionalProperty)}'`;
  return `${error.message ?? 'is invalid'} (got ${shown(value)})`;
}

function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/** The offending value as the user wrote it, kept short so the error stays one readable line. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
