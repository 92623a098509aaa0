import { resolve } from 'node:path';
import { errorMessage, ZenError } from '../core/errors.js';
import type { HookName, HookRef } from '../core/hook-config.js';
import type { Redactor } from '../core/redaction.js';
import type { CompiledPipeline } from '../core/step-config.js';
import { processSingleton } from '../core/process-state.js';

type HookFunction = (...args: never[]) => unknown;

/** Source references imported so far in this process, by `file:export`. */
const importedHooks = processSingleton('importedHooks', () => new Map<string, Promise<HookFunction>>());

/**
 * The function a recorded hook names. A function given in code is found among the compiled
 * pipeline's (the step entrypoint recompiles the pipeline from its source file, so a hook
 * that file defines, or imports, is found there); a source reference is imported; a built-in
 * is ours. A hook that cannot be found is an error the caller logs like a failing hook.
 */
export async function resolveHook(ref: HookRef, key: string, functions: CompiledPipeline['hookFunctions']): Promise<HookFunction> {
  if ('function' in ref) {
    const found = functions?.get(key);
    if (!found) {
      throw new ZenError(`the function ${ref.function} is not known to this process`, {
        hint: 'Hooks given as functions must be set where the exported pipeline sets them (its step(), pipeline() or an exported withOptions()); otherwise use a source reference file.ts:exportName.',
      });
    }
    return found;
  }
  if ('builtin' in ref) {
    const builtins = (await import('./alerter-hooks.js')) as unknown as Record<string, HookFunction>;
    const found = builtins[ref.builtin];
    if (!found) throw new ZenError(`there is no built-in hook '${ref.builtin}'`);
    return found;
  }
  let hook = importedHooks.get(ref.source);
  if (!hook) {
    hook = importHook(ref.source);
    importedHooks.set(ref.source, hook);
    hook.catch(() => importedHooks.delete(ref.source));
  }
  return hook;
}

async function importHook(source: string): Promise<HookFunction> {
  const colon = source.lastIndexOf(':');
  const file = resolve(source.slice(0, colon));
  const name = source.slice(colon + 1);
  const { importPipelineModule } = await import('./pipeline-source.js');
  const module = await importPipelineModule(file, file);
  const found = module[name];
  if (typeof found !== 'function') throw new ZenError(`${file} exports no function '${name}'`);
  return found as HookFunction;
}

/** How a hook's failure is reported: to stderr (inside a step: its log too), redacted. */
export interface HookReport {
  /** e.g. "step 'train'" or "pipeline 'training'". */
  owner: string;
  redactor?: Redactor;
}

/**
 * Calls a recorded hook and waits for it. A hook that throws, or cannot be found, is logged
 * and swallowed: it never changes the outcome of what it hooks into. Returns the error
 * message when it failed (the caller decides whether that matters: a failing onInit fails the run).
 */
export async function callHook(
  hook: HookName,
  ref: HookRef | undefined,
  key: string,
  functions: CompiledPipeline['hookFunctions'],
  args: unknown[],
  report: HookReport,
): Promise<string | undefined> {
  if (!ref) return undefined;
  try {
    const fn = await resolveHook(ref, key, functions);
    await (fn as (...a: unknown[]) => unknown)(...args);
    return undefined;
  } catch (error) {
    const message = report.redactor ? report.redactor.text(errorMessage(error)) : errorMessage(error);
    process.stderr.write(`Warning: the ${hook} hook of ${report.owner} failed: ${message}\n`);
    return message;
  }
}
