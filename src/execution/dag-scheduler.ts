import { availableParallelism } from 'node:os';
import type { StepSpec } from '../core/snapshot.js';
import type { RunJob, StepOutcome } from '../stack/orchestrator.js';
import { crashPoint } from '../core/crash-points.js';
import { DEFAULT_EXECUTION_MODE } from '../core/hook-config.js';

const SUCCESS = new Set(['completed', 'cached']);

/**
 * Runs a DAG of steps with at most `parallelism` at once, starting each as soon as its
 * upstream steps succeeded. What a failure does depends on the run's execution mode (the
 * snapshot's `executionMode`, as ZenML's): `continueOnFailure` (the default) runs every step
 * that does not depend on a failed one; `stopOnFailure` starts nothing new and lets running
 * steps finish; `failFast` starts nothing new and stops the running steps (job.abortRunningSteps).
 * Steps never started are marked skipped. A `.map()` step adds its elements when it is ready. Shared by every orchestrator that runs steps from
 * this process (in process, worker threads or child processes).
 */
export async function runDag(
  job: RunJob,
  execute: (step: StepSpec) => Promise<StepOutcome>,
  parallelism: number = stepParallelism(job),
): Promise<void> {
  const steps = [...job.spec.steps];
  const mode = job.spec.executionMode ?? DEFAULT_EXECUTION_MODE;
  const waitingOn = new Map(steps.map((step) => [step.id, new Set(step.upstream)]));
  const downstream = new Map<string, StepSpec[]>();
  for (const step of steps) for (const up of step.upstream) downstream.set(up, [...(downstream.get(up) ?? []), step]);
  const ready: StepSpec[] = steps.filter((step) => step.upstream.length === 0);
  const running = new Set<Promise<void>>();
  const started = new Set<string>();
  const inFlight = new Set<StepSpec>();
  let halted = false;

  // Dynamic fan-out: a `.map()` step is expanded into its elements when it is ready; the
  // steps after it wait for every element (see fan-out.ts).
  const elementCounts = new Map<string, number>();
  const elementsLeft = new Map<string, number>();
  const release = (id: string) => {
    for (const next of downstream.get(id) ?? []) {
      const waiting = waitingOn.get(next.id)!;
      waiting.delete(id);
      if (waiting.size === 0) ready.push(next);
    }
  };
  const expand = async (mapped: StepSpec): Promise<StepOutcome> => {
    const { expandMappedStep, failMappedStep } = await import('./fan-out.js');
    const elements = await expandMappedStep(job, mapped, elementCounts).catch(async (error) => ({ error: await failMappedStep(job, mapped, error) }));
    if (!Array.isArray(elements)) return { status: 'failed', error: elements.error };
    elementCounts.set(mapped.id, elements.length);
    elementsLeft.set(mapped.id, elements.length);
    steps.push(...elements);
    ready.push(...elements);
    return { status: 'completed' };
  };

  const launch = (step: StepSpec) => {
    crashPoint('dag:before-launch');
    started.add(step.id);
    inFlight.add(step);
    const task = (step.map ? expand(step) : execute(step))
      .catch((error): StepOutcome => ({ status: 'failed', error: String(error?.message ?? error) }))
      .then((outcome) => {
        running.delete(task);
        inFlight.delete(step);
        if (!SUCCESS.has(outcome.status)) {
          // continueOnFailure: the failed step's downstream never gets ready; the rest goes on.
          if (mode !== 'continueOnFailure') halted = true;
          return;
        }
        const of = step.element?.of;
        if (of !== undefined) {
          const left = elementsLeft.get(of)! - 1;
          elementsLeft.set(of, left);
          if (left === 0) release(of);
        } else if (!step.map || elementsLeft.get(step.id) === 0) release(step.id);
      });
    running.add(task);
  };

  for (;;) {
    while (!halted && !job.stopRequested() && ready.length > 0 && running.size < parallelism) launch(ready.shift()!);
    if (halted && mode === 'failFast' && running.size > 0) {
      // The running steps are stopped, not waited for (a step function in this process cannot be killed: its late result is discarded).
      await job.abortRunningSteps?.([...inFlight]);
      if (job.abortRunningSteps) break;
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  for (const step of steps) if (!started.has(step.id)) await job.markSkipped(step);
}

/**
 * How many steps may run at once: the run's `settings.orchestrator.maxParallelism`, else
 * the component's own `maxParallelism`, else the number of CPUs.
 */
export function stepParallelism(job: Pick<RunJob, 'settings'>, componentDefault?: unknown): number {
  for (const candidate of [job.settings.maxParallelism, componentDefault]) {
    const value = Number(candidate);
    if (Number.isInteger(value) && value > 0) return value;
  }
  return availableParallelism();
}
