import { Client, Model, getStepContext, step } from 'zenml';

/**
 * Moves this run's model version to production if it is more accurate than the version in
 * production now (or nothing is). Never cached: it acts on the current state of the model.
 */
export const promoteModel = step({ name: 'promote_model', enableCache: false }, async ({ accuracy }: { accuracy: number }) => {
  const candidate = getStepContext().model!;
  // A cached evaluation did not log on this new version; carry its accuracy over.
  if ((await candidate.getMetadata()).accuracy === undefined) await candidate.logMetadata({ accuracy });

  const production = (await new Client().listModelVersions({ model: candidate.name, stage: 'production', size: 1 })).items[0];
  const productionAccuracy = production ? (await new Model({ name: candidate.name, version: production.number }).getMetadata()).accuracy?.value : undefined;
  const promoted = typeof productionAccuracy !== 'number' || accuracy > productionAccuracy;
  if (promoted) await candidate.setStage('production', { force: true });
  return { promoted, version: candidate.number!, accuracy, productionVersion: promoted ? candidate.number! : production!.number, productionAccuracy: productionAccuracy ?? null };
});
