// Pipelines the dashboard tests run against a real server: one whose middle step waits for a
// file the test creates (a run that stays running until then), one that returns a table.
export const WAITING_PIPELINE = `
import { existsSync } from 'node:fs';
import { pipeline, step } from 'zenml';
const start = step({ name: 'start', enableCache: false }, () => [1, 2, 3]);
const waitForGate = step({ name: 'wait_for_gate', enableCache: false }, async ({ values }: { values: number[] }) => {
  while (!existsSync(process.env.DASHBOARD_GATE!)) await new Promise((resolve) => setTimeout(resolve, 100));
  console.log('gate opened');
  return values.length;
});
const finish = step({ name: 'finish', enableCache: false }, ({ count }: { count: number }) => ({ count, rows: [{ a: 1, b: 'x' }, { a: 2, b: 'y' }] }));
export const waiting = pipeline({ name: 'dashboard_waiting' }, () => {
  const values = start();
  const count = waitForGate({ values });
  finish({ count });
});
`;
