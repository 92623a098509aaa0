import { RandomForestClassifier } from 'ml-random-forest';
import { getStepContext, step } from 'zenml';
import type { IrisDataset } from './load-data.js';
import type { ForestJson } from './train-model.js';

/** Species predicted for each row by the given forest (and how many were right, since these rows are labelled). */
export const predict = step({ name: 'predict' }, async ({ classifier, rows }: { classifier: ForestJson; rows: IrisDataset }) => {
  const forest = RandomForestClassifier.load(classifier as unknown as Parameters<typeof RandomForestClassifier.load>[0]);
  const labels: number[] = forest.predict(rows.features);
  const correct = labels.filter((label, i) => label === rows.labels[i]).length;
  getStepContext().addOutputMetadata({ rows: labels.length, correct });
  return labels.map((label) => rows.classes[label]);
});
