// Store queries on a big store (100k runs, 1M artifact versions; bench/generate-store.ts):
// each page the CLI and dashboard ask for must stay ≤ 1 ms at the store level, against the
// same SQL on raw better-sqlite3 as the floor. Plus `zenml pipeline runs list` on that store
// against the same command on an empty one.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { artifactName, defaultStorePath, generateStore, pipelineName, SCALE_SHAPE } from '../generate-store.js';
import { result } from '../lib/results.js';
import { compareStoreQueries, type StoreQueryCase } from '../lib/store-queries.js';
import { benchSandbox } from '../lib/sandbox.js';
import { median } from '../lib/stats.js';
import type { BenchResult } from '../types.js';
import { runCli } from '../../test/helpers/sandbox.js';

const SCENARIO = 'scale-store';
const ITERATIONS = 300;
const WARMUP = 30;
const CLI_RUNS = 5;

export default async function (): Promise<BenchResult[]> {
  const path = await generateStore(defaultStorePath(), SCALE_SHAPE, (line) => process.stderr.write(`  generate-store: ${line}\n`));
  const { openZenStore } = await import('../../src/store/open-store.js');
  const store = await openZenStore(`sqlite:${path}`);
  const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
  const raw = new Sqlite(path, { readonly: true });
  const results: BenchResult[] = [];
  try {
    const pipeline = pipelineName(3);
    const pipelineId = (raw.prepare('select id from pipelines where name = ?').get(pipeline) as { id: string }).id;
    const artifact = artifactName(3, 2, 1);
    const artifactId = (raw.prepare('select id from artifacts where name = ?').get(artifact) as { id: string }).id;
    const middle = raw.prepare('select id, name, created from pipeline_runs order by created desc, id desc limit 1 offset 50000').get() as { id: string; name: string; created: string };
    const oneRun = middle.id;
    const firstPage = await store.listRuns({ size: 50 });
    let cursor = firstPage.next!;
    // A cursor from deep in the list: the page after the 50,000th run.
    for (let i = 0; i < 3; i++) cursor = (await store.listRuns({ size: 50, after: cursor })).next!;
    const deepCursor = Buffer.from(JSON.stringify([middle.created, middle.id])).toString('base64url');

    const runSelect = 'select r.*, p.name as pipeline_name from pipeline_runs r join pipelines p on p.id = r.pipeline_id';
    const withinOneMs = { target: '≤ 1 ms', pass: (zenMs: number) => zenMs <= 1 };
    const cases: StoreQueryCase[] = [
      {
        metric: 'latest 50 runs (page 1 of 100k)',
        zen: () => store.listRuns({ size: 50 }),
        floor: () => raw.prepare(`${runSelect} order by r.created desc, r.id desc limit 50`).all(),
        check: async () => expectItems((await store.listRuns({ size: 50 })).items.length, 50),
        ...withinOneMs,
      },
      {
        metric: 'filtered page: 50 failed runs of one pipeline',
        zen: () => store.listRuns({ pipeline, status: 'failed', size: 50 }),
        floor: () => raw.prepare(`${runSelect} where r.pipeline_id = ? and r.status = 'failed' order by r.created desc, r.id desc limit 50`).all(pipelineId),
        check: async () => expectItems((await store.listRuns({ pipeline, status: 'failed', size: 50 })).items.length, 50),
        ...withinOneMs,
      },
      {
        metric: 'a page of 50 runs 50,000 deep (keyset cursor)',
        zen: () => store.listRuns({ size: 50, after: deepCursor }),
        floor: () => raw.prepare(`${runSelect} where (r.created, r.id) < (?, ?) order by r.created desc, r.id desc limit 50`).all(middle.created, middle.id),
        check: async () => expectItems((await store.listRuns({ size: 50, after: deepCursor })).items.length, 50),
        ...withinOneMs,
      },
      {
        metric: "an artifact's latest 50 versions (of 10,000)",
        zen: () => store.listArtifactVersions({ name: artifact, size: 50 }),
        floor: () => raw.prepare('select v.*, a.name from artifact_versions v join artifacts a on a.id = v.artifact_id where v.artifact_id = ? order by v.position desc limit 50').all(artifactId),
        check: async () => expectItems((await store.listArtifactVersions({ name: artifact, size: 50 })).total, 10_000),
        ...withinOneMs,
      },
      {
        // Issue 10's filters: an operator filter on a name scans (SQLite's LIKE is case-blind,
        // so no index serves it), and a filtered page counts its matches.
        metric: 'name filter startswith: over 100k runs (50 newest matches)',
        zen: () => store.listRuns({ name: `startswith:${middle.name.slice(0, 20)}`, size: 50 }),
        // The same work on raw SQLite: the page and its total (a filtered list counts its matches).
        floor: () => {
          const pattern = `${middle.name.slice(0, 20)}%`;
          raw.prepare(`${runSelect} where r.name like ? escape '\\' order by r.created desc, r.id desc limit 51`).all(pattern);
          raw.prepare(`select count(*) from pipeline_runs r join pipelines p on p.id = r.pipeline_id where r.name like ? escape '\\'`).get(pattern);
        },
        check: async () => expectAtLeast((await store.listRuns({ name: `startswith:${middle.name.slice(0, 20)}`, size: 50 })).items.length, 1),
        target: '≤ 2× raw SQLite',
        pass: (zenMs: number, floorMs: number) => zenMs <= 2 * floorMs,
      },
      {
        metric: 'a run by an 8-character id prefix (of 100k)',
        zen: () => store.getRun(oneRun.slice(0, 8)),
        floor: () => raw.prepare(`${runSelect} where r.id >= ? and r.id < ? limit 2`).all(oneRun.slice(0, 8), `${oneRun.slice(0, 8)}~`),
        check: async () => {
          if ((await store.getRun(oneRun.slice(0, 8))).id !== oneRun) throw new Error('the prefix found another run');
        },
        ...withinOneMs,
      },
      {
        metric: "one run's DAG (run, step runs, their inputs and outputs)",
        zen: async () => {
          await store.getRun(oneRun);
          await store.listStepRuns(oneRun);
        },
        floor: () => {
          raw.prepare(`${runSelect} where r.id = ?`).get(oneRun);
          const steps = raw.prepare('select * from step_runs where run_id = ? order by created, invocation_id').all(oneRun) as Array<{ id: string }>;
          raw.prepare(`select * from step_run_artifacts where step_run_id in (${steps.map(() => '?').join(',')})`).all(...steps.map((s) => s.id));
        },
        check: async () => expectItems((await store.listStepRuns(oneRun)).length, SCALE_SHAPE.stepsPerRun),
        ...withinOneMs,
      },
    ];
    results.push(...(await compareStoreQueries(SCENARIO, cases, ITERATIONS, WARMUP)));
  } finally {
    raw.close();
    await store.close();
  }

  // The CLI on the big store against the same command on an empty store.
  const sandbox = benchSandbox();
  try {
    const timeCli = async (env: NodeJS.ProcessEnv) => {
      const samples: number[] = [];
      for (let i = 0; i < CLI_RUNS + 1; i++) {
        const start = performance.now();
        const out = await runCli(['pipeline', 'runs', 'list', '--json'], { sandbox, env });
        if (out.code !== 0) throw new Error(`pipeline runs list failed: ${out.stderr}`);
        if (i > 0) samples.push(performance.now() - start);
      }
      return median(samples);
    };
    const empty = await timeCli({});
    const big = await timeCli({ ZENML_STORE_URL: `sqlite:${path}` });
    results.push(
      result({
        scenario: SCENARIO,
        metric: `\`zenml pipeline runs list --json\` on the 100k-run store (median of ${CLI_RUNS})`,
        value: big,
        unit: 'ms',
        floor: { name: 'the same command on an empty store', value: empty },
        target: '≤ empty store + 100 ms',
        pass: big <= empty + 100,
      }),
    );
  } finally {
    sandbox.dispose();
  }
  return results;
}

function expectAtLeast(actual: number, minimum: number): void {
  if (actual < minimum) throw new Error(`expected at least ${minimum} rows, got ${actual}`);
}

function expectItems(actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`expected ${expected} rows, got ${actual}`);
}
