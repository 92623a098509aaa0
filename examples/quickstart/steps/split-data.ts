import { step } from 'zenml';
import type { IrisDataset } from './load-data.js';

/**
 * Shuffles the rows with a seeded generator and cuts them in two. The data set is sorted by
 * species, so an unshuffled cut would leave a whole class out of the training set.
 */
export const splitData = step(
  { name: 'split_data', outputs: ['train', 'test'] as const },
  ({ dataset, testRatio, seed }: { dataset: IrisDataset; testRatio: number; seed: number }) => {
    const order = shuffledIndexes(dataset.labels.length, seed);
    const testSize = Math.round(order.length * testRatio);
    const pick = (rows: number[]): IrisDataset => ({
      features: rows.map((i) => dataset.features[i]),
      labels: rows.map((i) => dataset.labels[i]),
      classes: dataset.classes,
    });
    return { train: pick(order.slice(testSize)), test: pick(order.slice(0, testSize)) };
  },
);

/** Fisher-Yates over 0..n-1 driven by mulberry32, so the same seed always gives the same split. */
function shuffledIndexes(n: number, seed: number): number[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
