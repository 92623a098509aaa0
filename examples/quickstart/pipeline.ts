import { pipeline } from 'zenml';
import { evaluateModel } from './steps/evaluate-model.js';
import { loadData } from './steps/load-data.js';
import { splitData } from './steps/split-data.js';
import { trainModel } from './steps/train-model.js';

export interface TrainingParameters {
  testRatio?: number;
  nEstimators?: number;
  maxFeatures?: number;
  seed?: number;
}

/** Iris classification: load → split → train a random forest → evaluate. */
export const training = pipeline(
  { name: 'iris_training', description: 'Trains a random forest on the Iris data set and reports its test accuracy.' },
  ({ testRatio = 0.3, nEstimators = 25, maxFeatures = 0.75, seed = 42 }: TrainingParameters = {}) => {
    const dataset = loadData();
    const { train, test } = splitData({ dataset, testRatio, seed });
    const model = trainModel({ train, nEstimators, maxFeatures, seed });
    evaluateModel({ model, test });
  },
);
