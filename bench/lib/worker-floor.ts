import { Worker } from 'node:worker_threads';
import { burnCpu } from './cpu-work.js';
import { timeMs } from './stats.js';

/** The same CPU work in `lanes` worker threads at once: what the machine allows without zenml. */
export function burnInWorkers(lanes: number, iterations: number): Promise<number> {
  const source = `const { parentPort, workerData } = require('node:worker_threads');
${burnCpu.toString()}
parentPort.postMessage(burnCpu(workerData));`;
  return timeMs(() =>
    Promise.all(
      Array.from({ length: lanes }, () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(source, { eval: true, workerData: iterations });
          worker.once('message', () => resolve());
          worker.once('error', reject);
        }),
      ),
    ),
  );
}

/** The same work one lane after another on the main thread. */
export function burnSequentially(lanes: number, iterations: number): Promise<number> {
  return timeMs(() => {
    for (let lane = 0; lane < lanes; lane++) burnCpu(iterations);
  });
}
