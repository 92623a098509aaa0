import type { StepExtension } from '../context/step-extension.js';
import { modelVersionExtension } from '../models/step-extension.js';
import { secretsEnvExtension } from '../secrets/step-env.js';
import { stepStackExtension } from './step-stack.js';

/**
 * The features that hook into every step run, composed in this one place rather than by
 * modules registering themselves on import: a step's declared secrets in its environment
 * while it runs, then its model version (getStepContext().model, links of outputs and run),
 * then its stack (getStepContext().stack.alerter()).
 */
export const STEP_EXTENSIONS: readonly StepExtension[] = [secretsEnvExtension, modelVersionExtension, stepStackExtension];
