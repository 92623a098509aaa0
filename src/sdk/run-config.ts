import { readFile } from 'node:fs/promises';
import { UsageError, yamlProblem } from '../core/errors.js';
import { stableStringify } from '../core/stable-json.js';
import type { RunOptions, StepRunOptions } from '../core/step-config.js';

const COMMON_KEYS = ['enableCache', 'settings', 'extra', 'retry', 'tags', 'secrets', 'model', 'experimentTracker'];
const RUN_KEYS = ['runName', 'enableCache', 'stack', 'parameters', 'settings', 'extra', 'tags', 'model', 'steps', 'retry', 'secrets'];
const STEP_KEYS = [...COMMON_KEYS, 'parameters'];

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
  checkKeys(data as Record<string, unknown>, RUN_KEYS, path, '');
  const steps = (data as RunOptions).steps;
  if (steps !== undefined) {
    if (typeof steps !== 'object' || steps === null || Array.isArray(steps)) throw new UsageError(`Run config ${path}: 'steps' must map step ids to their options.`);
    for (const [id, options] of Object.entries(steps)) {
      if (typeof options !== 'object' || options === null) throw new UsageError(`Run config ${path}: steps.${id} must be a mapping.`);
      checkKeys(options as Record<string, unknown>, STEP_KEYS, path, `steps.${id}.`);
    }
  }
  return data as RunOptions;
}

function checkKeys(data: Record<string, unknown>, allowed: string[], path: string, prefix: string): void {
  for (const key of Object.keys(data)) {
    if (!allowed.includes(key)) {
      throw new UsageError(`Run config ${path} has an unknown key '${prefix}${key}'.`, `Allowed keys: ${allowed.join(', ')}.`);
    }
  }
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
