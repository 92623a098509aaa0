// Entry of a worker thread of the `local` orchestrator with `isolation: 'thread'`. It runs one
// step at a time, on request, through the same path as `zenml step-entrypoint`; the step run
// it records in the store is the outcome, the reply only says the step is over.
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage, getZenContext, runSnapshotStep } from 'zenml/plugin';

export interface StepWorkerData {
  snapshotId: string;
  runId: string;
}
export interface StepRequest {
  stepId: string;
}
export type StepReply = { stepId: string; ok: true } | { stepId: string; ok: false; error: string };

const { snapshotId, runId } = workerData as StepWorkerData;

parentPort!.on('message', async ({ stepId }: StepRequest) => {
  let reply: StepReply;
  try {
    // Opened once per worker: its own connection to the store (SQLite handles the locking).
    const context = await getZenContext();
    await runSnapshotStep(context, { snapshotId, stepId, runId });
    reply = { stepId, ok: true };
  } catch (error) {
    reply = { stepId, ok: false, error: errorMessage(error).split('\n')[0] };
  }
  parentPort!.postMessage(reply);
});
