import { Model, pipeline } from 'zenml';
import { evaluateModel } from './steps/evaluate-model.js';
import { loadData } from './steps/load-data.js';
import { promoteModel } from './steps/promote-model.js';
import { splitData } from './steps/split-data.js';
import { trainModel } from './steps/train-model.js';

export interface TrainingParameters {
  testRatio?: number;
  nEstimators?: number;
  maxFeatures?: number;
  seed?: number;
}

/**
 * Iris classification: load → split → train a random forest → evaluate → promote. Each run
 * creates a new version of the `iris_classifier` model that links the run's artifacts.
 */
export const training = pipeline(
  {
    name: 'iris_training',
    description: 'Trains a random forest on the Iris data set and reports its test accuracy.',
    model: new Model({ name: 'iris_classifier', license: 'MIT', description: 'A random forest that tells the three iris species apart.', useCases: 'The quickstart.' }),
  },
  ({ testRatio = 0.3, nEstimators = 25, maxFeatures = 0.75, seed = 42 }: TrainingParameters = {}) => {
    const dataset = loadData();
    const { train, test } = splitData({ dataset, testRatio, seed });
    const model = trainModel({ train, nEstimators, maxFeatures, seed });
    const accuracy = evaluateModel({ model, test });
    promoteModel({ accuracy });
  },
);
