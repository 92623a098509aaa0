import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { DEFAULT_EXECUTION_MODE, EXECUTION_MODES, type ExecutionMode, type HookName, type HookRef } from '../core/hook-config.js';

/** The built-in hooks a source reference may name: ours and ZenML's spelling. */
const BUILTIN_HOOKS: Record<string, string> = {
  'zenml:alerterFailureHook': 'alerterFailureHook',
  'zenml:alerterSuccessHook': 'alerterSuccessHook',
  'zenml.hooks.alerter_failure_hook': 'alerterFailureHook',
  'zenml.hooks.alerter_success_hook': 'alerterSuccessHook',
};

/** A source reference: a file path, a colon, an export name. */
const SOURCE_REFERENCE = /^(.+):([A-Za-z_$][\w$]*)$/;

/** Functions that hook references point at, kept by the compiler for the process that runs the steps. */
export type HookFunctions = Map<string, (...args: never[]) => unknown>;

/**
 * A hook option (function or source reference) as the snapshot records it. A function is kept
 * in `functions` under `key`; a relative file is made absolute from the working directory, so
 * every process (step entrypoints, workers) finds the same file.
 */
export function hookRef(value: unknown, hook: HookName, where: string, key: string, functions: HookFunctions): HookRef | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'function') {
    functions.set(key, value as (...args: never[]) => unknown);
    return { function: value.name || '(anonymous function)' };
  }
  if (typeof value !== 'string') throw new UsageError(`${where}: '${hook}' must be a function or a source reference 'path/to/file.ts:exportName'.`);
  const builtin = BUILTIN_HOOKS[value];
  if (builtin) return { builtin };
  const match = SOURCE_REFERENCE.exec(value);
  if (!match) {
    throw new UsageError(`${where}: '${hook}' is '${value}', which is no source reference.`, `Write it as path/to/file.ts:exportName (relative to the working directory), or ${Object.keys(BUILTIN_HOOKS)[0]}.`);
  }
  const file = resolve(match[1]);
  if (!existsSync(file)) throw new UsageError(`${where}: the file of hook '${hook}' (${match[1]}) does not exist.`, 'Paths are relative to the working directory.');
  return { source: `${file}:${match[2]}` };
}

/** ZenML's names of the execution modes (FAIL_FAST...), accepted beside ours. */
const ZENML_MODE_NAMES: Record<string, ExecutionMode> = { FAIL_FAST: 'failFast', STOP_ON_FAILURE: 'stopOnFailure', CONTINUE_ON_FAILURE: 'continueOnFailure' };

/** The execution mode a config value names (camelCase or ZenML's FAIL_FAST...); absent = ZenML's default. */
export function executionModeOf(value: unknown, where: string): ExecutionMode {
  if (value === undefined || value === null) return DEFAULT_EXECUTION_MODE;
  if (typeof value === 'string') {
    if ((EXECUTION_MODES as readonly string[]).includes(value)) return value as ExecutionMode;
    const zenml = ZENML_MODE_NAMES[value.toUpperCase()];
    if (zenml) return zenml;
  }
  throw new UsageError(`${where}: executionMode ${JSON.stringify(value)} is not one of ${EXECUTION_MODES.join(', ')}.`, `ZenML's names work too: ${Object.keys(ZENML_MODE_NAMES).join(', ')}.`);
}

/** Every spelling the run config's schema accepts for `execution_mode`. */
export const EXECUTION_MODE_NAMES: string[] = [...EXECUTION_MODES, ...Object.keys(ZENML_MODE_NAMES)];
