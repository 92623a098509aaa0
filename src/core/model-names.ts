import { UsageError } from './errors.js';
import { checkName } from './names.js';
import { MODEL_STAGES, SELECTABLE_STAGES, type ModelStage } from './model-entities.js';

export function checkModelName(name: string): void {
  checkName('Model name', name);
}

/**
 * A version name must not read as another way of selecting a version: a stage name would
 * shadow the stage, and a number other than its own would shadow that version number.
 */
export function checkVersionName(name: string, number?: number): void {
  if (!name.trim()) throw new UsageError('A model version name cannot be empty.');
  if ((SELECTABLE_STAGES as readonly string[]).includes(name) || name === 'none') {
    throw new UsageError(`'${name}' is a stage name and cannot name a model version.`, 'Use --stage to move a version to a stage, or choose another name.');
  }
  if (/^\d+$/.test(name) && Number(name) !== number) {
    throw new UsageError(`'${name}' is a number and would clash with version number ${name}.`, 'Choose a name that is not a number, e.g. v' + name + '.');
  }
}

export function checkStage(stage: string): ModelStage {
  if (stage === 'latest') throw new UsageError(`'latest' is not a stage a version can be moved to; it always means the newest version.`, `Stages: ${MODEL_STAGES.join(', ')}.`);
  if (!(MODEL_STAGES as readonly string[]).includes(stage)) throw new UsageError(`Unknown stage '${stage}'.`, `Stages: ${MODEL_STAGES.join(', ')}.`);
  return stage as ModelStage;
}
