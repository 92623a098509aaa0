// The dashboard in headless Chromium: how long a run of 1,000 steps takes from navigation to
// its DAG drawn (every node in the page with its status, laid out and visible), against the
// floor of a navigation to a tiny page of the same server in the same browser; and the first
// page's JavaScript, gzipped. The server runs in this process over a fresh SQLite store,
// without auth (the page skips the login form).
import { join } from 'node:path';
import { buildServer } from '../../src/server/app.js';
import { dashboardDir } from '../../src/server/dashboard-assets.js';
import { openZenStore } from '../../src/store/open-store.js';
import { chromiumProblem, launchChromium } from '../../test/helpers/browser.js';
import { firstPageJsGzipped, FIRST_PAGE_JS_BUDGET } from '../../test/dashboard/first-page-size.js';
import { result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { median } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const SCENARIO = 'dashboard';
const STEPS = 1000;
const WIDTH = 20;
const RUNS = 5;

/** 50 layers of 20 steps, each reading one or two steps of the layer above: a wide, deep DAG. */
function specSteps(): Array<{ id: string; stepName: string; upstream: string[]; parameters: object }> {
  return Array.from({ length: STEPS }, (_, i) => {
    const layer = Math.floor(i / WIDTH);
    const upstream = layer === 0 ? [] : [...new Set([`s${i - WIDTH}`, `s${(layer - 1) * WIDTH + ((i * 7) % WIDTH)}`])];
    return { id: `s${i}`, stepName: 'work', upstream, parameters: {} };
  });
}

export default async function (): Promise<BenchResult[]> {
  const problem = chromiumProblem();
  if (problem) throw new Error(`Chromium is needed: ${problem}`);
  const sandbox = benchSandbox();
  const store = await openZenStore(`sqlite:${join(sandbox.dir, 'zenml.db')}`);
  const steps = specSteps();
  const { run } = await store.startRun({
    pipeline: { name: 'bench_dashboard_1000' },
    snapshot: { spec: { pipeline: { name: 'bench_dashboard_1000' }, steps, parameters: {}, tags: [], settings: {}, extra: {} } },
    run: { name: 'bench-dashboard-1000', config: {} },
    status: 'running',
    onNameTaken: 'fail',
  });
  const now = new Date().toISOString();
  for (const step of steps) {
    const created = await store.createStepRun({ runId: run.id, invocationId: step.id, stepName: step.stepName, status: 'running', parameters: {}, config: {}, inputs: {} });
    await store.updateStepRun(created.id, { status: Number(step.id.slice(1)) % 10 === 0 ? 'failed' : 'completed', started: now, ended: now });
  }
  await store.updateRun(run.id, { status: 'completed', ended: now });
  const app = await buildServer({ store });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const chromium = await launchChromium();
  try {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Drawn: step nodes in the page with their statuses, laid out and visible (xyflow hides a
    // node until it has measured it). Times are the browser's own, from navigation start.
    const drawn = `(() => { const nodes = document.querySelectorAll('[data-step-id][data-status]'); const flow = [...document.querySelectorAll('.react-flow__node')]; return nodes.length > 0 && flow.length === nodes.length && flow.every((node) => getComputedStyle(node).visibility !== 'hidden') ? { ms: performance.now(), nodes: nodes.length } : false; })()`;
    const dag: number[] = [];
    const floor: number[] = [];
    let nodesDrawn = 0;
    for (let i = 0; i <= RUNS; i++) {
      await page.goto(`${url}/health`);
      const floorMs = await page.evaluate<number>("performance.getEntriesByType('navigation')[0].loadEventEnd");
      await page.goto(`${url}/runs/${run.id}`);
      const handle = await page.waitForFunction(drawn, undefined, { polling: 'raf', timeout: 60_000 });
      const { ms, nodes } = (await handle.jsonValue()) as { ms: number; nodes: number };
      nodesDrawn = nodes;
      // The first round warms the browser's cache of the assets, as a second visit would.
      if (i > 0) (dag.push(ms), floor.push(floorMs));
    }
    const size = firstPageJsGzipped(dashboardDir()!);
    const dagMs = median(dag);
    return [
      result({
        scenario: SCENARIO,
        metric: `a run of ${STEPS.toLocaleString('en')} steps: navigation to its DAG drawn (the nodes in view with their statuses), median of ${RUNS}`,
        value: dagMs,
        unit: 'ms',
        floor: { name: 'navigation to a tiny page of the same server (its load event)', value: median(floor) },
        target: '≤ 1,000 ms',
        pass: dagMs <= 1000,
        note: `Browser-side times from navigation start. The run, its snapshot and its 1,000 step runs are fetched and all 1,000 steps laid out (the dashboard's own layered layout, linear in steps and edges); @xyflow/react then draws the ${nodesDrawn} nodes in view (a big DAG opens on its first layers; panning draws the rest). Assets come from the browser cache after a first visit.`,
      }),
      result({
        scenario: SCENARIO,
        metric: "first page's JavaScript, gzipped",
        value: Math.round(size.bytes / 102.4) / 10,
        unit: 'KB',
        target: `≤ ${FIRST_PAGE_JS_BUDGET / 1024} KB`,
        pass: size.bytes <= FIRST_PAGE_JS_BUDGET,
      }),
    ];
  } finally {
    await chromium.close();
    await app.close();
    await store.close();
    sandbox.dispose();
  }
}
