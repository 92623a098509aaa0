import { getStepContext as currentStepContext, type StepContext as StepContextOf } from '../context/step-context.js';
import type { Model } from '../models/model.js';

/** What a running step can see of itself; `model` is the model version it runs under, if any. */
export type StepContext = StepContextOf<Model>;

/** The context of the step that is running; an error outside a step. */
export function getStepContext(): StepContext {
  return currentStepContext() as StepContext;
}
