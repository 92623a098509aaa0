// Printed at the end of `npm run quickstart` and `npm run quickstart:inference`: what the
// run found, read back from the artifact store like any other artifact.
import { loadArtifact } from 'zenml';

interface Promotion {
  promoted: boolean;
  version: number;
  accuracy: number;
  productionVersion: number;
  productionAccuracy: number | null;
}

const percent = (x: number | null) => (x === null ? 'no accuracy recorded' : `${(x * 100).toFixed(1)} %`);

if (process.argv[2] === 'inference') {
  const species = await loadArtifact<string[]>('iris_inference::predict::output');
  const counts = new Map<string, number>();
  for (const name of species) counts.set(name, (counts.get(name) ?? 0) + 1);
  console.log(`Predicted ${species.length} held-out flowers with the production model: ${[...counts].map(([name, n]) => `${n} ${name}`).join(', ')}.`);
  console.log(`First ten: ${species.slice(0, 10).join(', ')}.`);
} else {
  const result = await loadArtifact<Promotion>('iris_training::promote_model::output');
  console.log(`Accuracy of iris_classifier version ${result.version} on the test rows: ${percent(result.accuracy)}.`);
  console.log(
    result.promoted
      ? `Promoted: version ${result.version} is now in production.`
      : `Not promoted: version ${result.productionVersion} stays in production (${percent(result.productionAccuracy)}).`,
  );
}
