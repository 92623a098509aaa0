import type { ExecutionStatus, RunModel, StepRunModel } from './entities.js';

/**
 * What a step hook is handed as its context: the running step as getStepContext() shows it
 * (getStepContext() also works inside the hook, as does its `stack.alerter()`).
 */
export interface HookStepContext {
  pipeline: { id: string; name: string };
  pipelineRun: RunModel;
  stepRun: StepRunModel;
  invocationId: string;
  stepName: string;
}

/** What a pipeline's onInit and onCleanup hooks are handed: the run (onCleanup: as it ended). */
export interface PipelineHookContext {
  pipeline: { name: string };
  run: RunModel;
  /** onCleanup only: how the run ended. */
  status?: ExecutionStatus;
}

/** Called after a step's last attempt failed, with its error (ZenML's `on_failure`). */
export type FailureHook = (error: Error, context: HookStepContext) => unknown;
/** Called after a step ran and its outputs were written (ZenML's `on_success`); not for cached steps. */
export type SuccessHook = (context: HookStepContext) => unknown;
/** Called once per run before its first step (ZenML's `on_init`); a failing one fails the run. */
export type InitHook = (context: PipelineHookContext) => unknown;
/** Called once per run after it ended, whatever its status (ZenML's `on_cleanup`). */
export type CleanupHook = (context: PipelineHookContext) => unknown;

/**
 * A hook as config takes it: a function, or a source reference `path/to/file.ts:exportName`
 * (as ZenML's `module.function`), which the YAML run config can hold. `zenml:alerterFailureHook`
 * and ZenML's `zenml.hooks.alerter_failure_hook` name the built-in alerter hooks.
 */
export type HookOption<F> = F | string;

export type StepHookName = 'onFailure' | 'onSuccess';
export type PipelineHookName = 'onInit' | 'onCleanup';
export type HookName = StepHookName | PipelineHookName;

/**
 * A hook as the snapshot records it, so any process can find it again: a source reference
 * (file made absolute at compile time), a built-in, or a function given in code, which the
 * step entrypoint finds by recompiling the pipeline from its source file (by `name`, shown
 * when it cannot be found there).
 */
export type HookRef = { source: string } | { builtin: string } | { function: string };

/** How a run carries on after a step failed (ZenML's ExecutionMode). */
export const EXECUTION_MODES = ['failFast', 'stopOnFailure', 'continueOnFailure'] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];
/** ZenML's default: every step that does not depend on a failed one still runs. */
export const DEFAULT_EXECUTION_MODE: ExecutionMode = 'continueOnFailure';
