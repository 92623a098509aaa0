// Firing latency of schedules: from a firing's scheduled time to its run row in the store.
// `zenml scheduler` (a claim in the store, then a child `zenml schedule-entrypoint` that
// imports the pipeline file and launches the run) and the in-process seam other executors
// call (fireSchedule) against a floor measured in the same run: a setTimeout to the same
// second and a plain store insert of a run row.
import { result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { median } from '../lib/stats.js';
import type { BenchResult } from '../types.js';
import type { FiringLauncher } from '../../src/execution/schedules/scheduler.js';

const SCENARIO = 'schedules';
const FIRINGS = 6;
const PIPELINE = `
import { step, pipeline } from 'zenml';
const one = step({ name: 'one' }, () => 1);
export const tiny = pipeline({ name: 'tiny' }, () => { one(); });
`;

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox({ apply: true });
  try {
    const file = sandbox.write('tiny.ts', PIPELINE);
    const { Client } = await import('../../src/sdk/client.js');
    const { getZenContext } = await import('../../src/context/zen-context.js');
    const { Scheduler } = await import('../../src/execution/schedules/scheduler.js');
    const { fireSchedule } = await import('../../src/execution/schedules/fire-schedule.js');
    const client = new Client();
    const context = await getZenContext();
    const { store } = context;

    /** Runs a scheduler until `FIRINGS` firings of a fresh every-second schedule ran; latency of each, ms. */
    async function latencies(name: string, launch?: FiringLauncher): Promise<number[]> {
      const schedule = await client.createSchedule(file, { cron: '*/1 * * * * *', name });
      const scheduler = new Scheduler(store, { pollMs: 200, launch, maxConcurrent: FIRINGS });
      const running = scheduler.run();
      const deadline = Date.now() + 180_000;
      while ((await store.listRuns({ scheduleId: schedule.id })).total < FIRINGS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      await store.updateSchedule(schedule.id, { active: false });
      scheduler.stop();
      await running;
      await scheduler.drain();
      const runs = (await store.listRuns({ scheduleId: schedule.id, size: 1000 })).items;
      return runs.map((run) => Date.parse(run.created) - Date.parse(String(run.config.scheduledFor))).slice(0, FIRINGS);
    }

    // Warm-up: the first in-process import of the pipeline file and the stack are one-off costs.
    await client.runPipelineFile(file);
    const inProcess = await latencies('in-process', async (schedule, scheduledFor) => void (await fireSchedule(context, schedule, { scheduledFor })));
    const children = await latencies('child-process');

    const pipeline = await store.getOrCreatePipeline('floor');
    const snapshot = await store.createSnapshot({ pipelineId: pipeline.id, spec: { steps: [] } });
    const floor: number[] = [];
    for (let i = 0; i < FIRINGS; i++) {
      const target = Math.ceil((Date.now() + 1) / 1000) * 1000;
      await new Promise((r) => setTimeout(r, target - Date.now()));
      const run = await store.createRun({ name: `floor-${i}`, pipelineId: pipeline.id, snapshotId: snapshot.id, config: {} });
      floor.push(Date.parse(run.created) - target);
    }
    const floorMs = Math.max(median(floor), 0.1);
    return [
      result({
        scenario: SCENARIO,
        metric: `zenml scheduler (child process per firing): scheduled time → run row, median of ${FIRINGS}`,
        value: median(children),
        unit: 'ms',
        floor: { name: 'setTimeout to the same second + a store insert of a run row', value: floorMs },
        note: 'The child process starts the CLI, imports the pipeline file through tsx and loads the stack before the run row exists: the price of running each firing isolated, with the file as it is now. The in-process row is the seam a BullMQ worker calls (fireSchedule), with the file already imported.',
      }),
      result({
        scenario: SCENARIO,
        metric: `fireSchedule in process: scheduled time → run row, median of ${FIRINGS}`,
        value: median(inProcess),
        unit: 'ms',
        floor: { name: 'setTimeout to the same second + a store insert of a run row', value: floorMs },
      }),
    ];
  } finally {
    sandbox.dispose();
  }
}
