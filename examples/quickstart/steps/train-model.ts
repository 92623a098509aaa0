import { RandomForestClassifier } from 'ml-random-forest';
import { step } from 'zenml';
import type { IrisDataset } from './load-data.js';

/** A trained forest as plain JSON: what `toJSON()` gives and `RandomForestClassifier.load()` takes back. */
export interface ForestJson {
  name: string;
  baseModel: Record<string, unknown>;
}

/** Name of the trained forest's artifact; the model version links it as its `model` artifact. */
export const CLASSIFIER_ARTIFACT = 'iris_training::train_model::output';

export const trainModel = step(
  { name: 'train_model', artifacts: { output: { type: 'model' } } },
  ({ train, nEstimators, maxFeatures, seed }: { train: IrisDataset; nEstimators: number; maxFeatures: number; seed: number }): ForestJson => {
    const forest = new RandomForestClassifier({ nEstimators, maxFeatures, seed, useSampleBagging: true, noOOB: true });
    forest.train(train.features, train.labels);
    // toJSON() still holds the trees' own objects; a JSON round trip leaves the plain
    // object the JSON materializer stores, so the artifact is readable without this code.
    return JSON.parse(JSON.stringify(forest.toJSON()));
  },
);
