import { Model, pipeline } from 'zenml';
import { loadData } from './steps/load-data.js';
import { predict } from './steps/predict.js';
import { splitData } from './steps/split-data.js';
import { CLASSIFIER_ARTIFACT } from './steps/train-model.js';

const production = Model.fromStage('iris_classifier', 'production');

/**
 * Batch inference with whatever model is in production when the run starts: the classifier
 * is looked up at run time, so promoting another version changes what the next run uses.
 * The held-out rows are the training pipeline's test split (same ratio and seed).
 */
export const inference = pipeline(
  { name: 'iris_inference', description: 'Predicts the species of held-out Iris rows with the production model.', model: production },
  ({ testRatio = 0.3, seed = 42 }: { testRatio?: number; seed?: number } = {}) => {
    const dataset = loadData();
    const { test } = splitData({ dataset, testRatio, seed });
    predict({ classifier: production.getArtifact(CLASSIFIER_ARTIFACT), rows: test });
  },
);
