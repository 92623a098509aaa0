// Entry of a worker thread of the `local` orchestrator with `isolation: 'thread'`. It runs one
// step at a time, on request, through the same path as `zenml step-entrypoint`; the step run
// it records in the store is the outcome, the reply only says the step is over. A worker
// outlives the run that started it (see StepWorkerPool), so each request names its run.
import { parentPort } from 'node:worker_threads';
import { errorMessage, getZenContext, runSnapshotStep } from 'zenml/plugin';

export interface StepRequest {
  snapshotId: string;
  runId: string;
  stepId: string;
}
export type StepReply = { stepId: string; ok: true } | { stepId: string; ok: false; error: string };

// Opened as soon as the worker starts, while its first request is on its way: its own
// connection to the store (SQLite handles the locking), kept for every later step.
// (A failed open is not kept: the next step opens it again.)
getZenContext().catch(() => undefined);

parentPort!.on('message', async ({ snapshotId, runId, stepId }: StepRequest) => {
  let reply: StepReply;
  try {
    await runSnapshotStep(await getZenContext(), { snapshotId, stepId, runId });
    reply = { stepId, ok: true };
  } catch (error) {
    reply = { stepId, ok: false, error: errorMessage(error).split('\n')[0] };
  }
  parentPort!.postMessage(reply);
});
