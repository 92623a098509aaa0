import { RandomForestClassifier } from 'ml-random-forest';
import { getStepContext, logMetadata, step } from 'zenml';
import type { IrisDataset } from './load-data.js';
import type { ForestJson } from './train-model.js';

/** Accuracy of the forest on the held-out rows: the step's output, and metadata on the run and the model version. */
export const evaluateModel = step({ name: 'evaluate_model' }, async ({ model, test }: { model: ForestJson; test: IrisDataset }) => {
  const forest = RandomForestClassifier.load(model as unknown as Parameters<typeof RandomForestClassifier.load>[0]);
  const predicted = forest.predict(test.features);
  const correct = predicted.filter((label, i) => label === test.labels[i]).length;
  const accuracy = correct / test.labels.length;

  const context = getStepContext();
  context.addOutputMetadata({ test_rows: test.labels.length });
  await logMetadata({ metadata: { accuracy, test_rows: test.labels.length } });
  await logMetadata({ metadata: { accuracy }, runIdNameOrPrefix: context.pipelineRun.id });
  if (context.model) await logMetadata({ metadata: { accuracy, test_rows: test.labels.length }, inferModel: true });
  return accuracy;
});
