// Builds a big SQLite store for the scale scenarios: by default 100k runs of 10 pipelines,
// 5 steps per run with 2 outputs each (~510k step runs, 1M artifact versions over 100
// artifact names, 1.4M lineage rows). Work is fixed by a seeded PRNG, so every build is the
// same store. The schema comes from zenml's own migrations; rows go in through raw
// better-sqlite3 in big transactions, which is what makes 1M versions take minutes, not hours.
//
//   node --import tsx bench/generate-store.ts <file.db> [--runs 100000]
import { existsSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface StoreShape {
  runs: number;
  pipelines: number;
  stepsPerRun: number;
  outputsPerStep: number;
  seed: number;
}

export const SCALE_SHAPE: StoreShape = { runs: 100_000, pipelines: 10, stepsPerRun: 5, outputsPerStep: 2, seed: 20_240_601 };

const STATUSES = ['completed', 'completed', 'completed', 'completed', 'completed', 'completed', 'failed', 'cached', 'stopped', 'completed'];
const BASE_TIME = Date.UTC(2024, 0, 1);

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function idMaker(random: () => number): () => string {
  const hex = () => Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
  return () => {
    const h = hex() + hex() + hex() + hex();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
}

export const pipelineName = (p: number) => `scale_pipeline_${p}`;
export const artifactName = (p: number, s: number, o: number) => `${pipelineName(p)}::step_${s}::out_${o}`;

/** The default location for a shape: reused across bench runs, since building it takes minutes. */
export function defaultStorePath(shape: StoreShape = SCALE_SHAPE): string {
  return join(tmpdir(), `zenml-bench-scale-v1-${shape.runs}-${shape.pipelines}-${shape.stepsPerRun}-${shape.outputsPerStep}-${shape.seed}.db`);
}

/** Builds the store at `path` unless a complete one is there already. Returns the path. */
export async function generateStore(path: string = defaultStorePath(), shape: StoreShape = SCALE_SHAPE, log: (line: string) => void = () => {}): Promise<string> {
  const require = createRequire(import.meta.url);
  const Sqlite = require('better-sqlite3') as typeof import('better-sqlite3');
  if (existsSync(path)) {
    const db = new Sqlite(path, { readonly: true });
    const done = db.prepare(`select count(*) as n from sqlite_master where name = 'bench_generated'`).get() as { n: number };
    db.close();
    if (done.n === 1) return path;
  }
  const building = `${path}.building`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });

  // The schema, exactly as zenml creates it.
  const { openSqlite } = await import('../src/store/sql/database.js');
  const kysely = await openSqlite(building);
  await kysely.destroy();

  const db = new Sqlite(building);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const random = prng(shape.seed);
  const newId = idMaker(random);
  const iso = (ms: number) => new Date(ms).toISOString();

  const stack = { id: newId(), orchestrator: newId(), artifactStore: newId() };
  const started = Date.now();
  db.transaction(() => {
    const stamp = iso(BASE_TIME);
    const component = db.prepare(`insert into stack_components (id, name, type, flavor, config, owner, created, updated) values (?, 'default', ?, 'local', '{}', null, ?, ?)`);
    component.run(stack.orchestrator, 'orchestrator', stamp, stamp);
    component.run(stack.artifactStore, 'artifact_store', stamp, stamp);
    db.prepare(`insert into stacks (id, name, owner, created, updated) values (?, 'default', null, ?, ?)`).run(stack.id, stamp, stamp);
    const composition = db.prepare(`insert into stack_composition (stack_id, component_id, type) values (?, ?, ?)`);
    composition.run(stack.id, stack.orchestrator, 'orchestrator');
    composition.run(stack.id, stack.artifactStore, 'artifact_store');
  })();

  const pipelines: Array<{ id: string; snapshot: string }> = [];
  const artifacts = new Map<string, { id: string; version: number }>();
  db.transaction(() => {
    const stamp = iso(BASE_TIME);
    for (let p = 0; p < shape.pipelines; p++) {
      const id = newId();
      const snapshot = newId();
      db.prepare(`insert into pipelines (id, name, description, created, updated) values (?, ?, null, ?, ?)`).run(id, pipelineName(p), stamp, stamp);
      const steps = Array.from({ length: shape.stepsPerRun }, (_, s) => ({ id: `step_${s}`, stepName: `step_${s}`, upstream: s === 0 ? [] : [`step_${s - 1}`] }));
      db.prepare(`insert into snapshots (id, pipeline_id, spec, source_file, source_export, created) values (?, ?, ?, null, null, ?)`).run(snapshot, id, JSON.stringify({ pipeline: { name: pipelineName(p) }, steps, parameters: {} }), stamp);
      pipelines.push({ id, snapshot });
      for (let s = 0; s < shape.stepsPerRun; s++) {
        for (let o = 0; o < shape.outputsPerStep; o++) {
          const artifact = { id: newId(), version: 0 };
          db.prepare(`insert into artifacts (id, name, created, updated) values (?, ?, ?, ?)`).run(artifact.id, artifactName(p, s, o), stamp, stamp);
          artifacts.set(artifactName(p, s, o), artifact);
        }
      }
    }
  })();

  const insertRun = db.prepare(
    `insert into pipeline_runs (id, name, pipeline_id, snapshot_id, stack_id, status, status_reason, config, created, started, ended, pid, host, heartbeat, original_run_id, stop_requested)
     values (?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, null, 'bench', ?, null, null)`,
  );
  const insertStep = db.prepare(
    `insert into step_runs (id, run_id, invocation_id, step_name, status, cache_key, cached, parameters, config, original_step_run_id, error, attempts, created, started, ended)
     values (?, ?, ?, ?, ?, ?, ?, '{}', '{}', null, ?, 1, ?, ?, ?)`,
  );
  const insertVersion = db.prepare(
    `insert into artifact_versions (id, artifact_id, position, number, uri, artifact_store_id, materializer, data_type, type, content_hash, size, producer_step_run_id, producer_run_id, visualizations, created)
     values (?, ?, ?, ?, ?, ?, 'zenml.json', 'object', 'data', null, ?, ?, ?, '[]', ?)`,
  );
  const insertLink = db.prepare(`insert into step_run_artifacts (step_run_id, artifact_version_id, name, direction) values (?, ?, ?, ?)`);

  const BATCH = 5_000;
  for (let first = 0; first < shape.runs; first += BATCH) {
    db.transaction(() => {
      for (let r = first; r < Math.min(shape.runs, first + BATCH); r++) {
        const p = r % shape.pipelines;
        const runId = newId();
        const created = BASE_TIME + r * 60_000;
        const status = STATUSES[Math.floor(random() * STATUSES.length)];
        const ended = iso(created + 30_000);
        insertRun.run(runId, `${pipelineName(p)}-run-${r}`, pipelines[p].id, pipelines[p].snapshot, stack.id, status, status === 'failed' ? 'Step failed' : null, iso(created), iso(created), ended, ended);
        let previous: string | undefined;
        for (let s = 0; s < shape.stepsPerRun; s++) {
          const stepId = newId();
          const stepCreated = iso(created + s * 1000);
          insertStep.run(stepId, runId, `step_${s}`, `step_${s}`, 'completed', newId(), 0, null, stepCreated, stepCreated, stepCreated);
          if (previous) insertLink.run(stepId, previous, 'x', 'input');
          for (let o = 0; o < shape.outputsPerStep; o++) {
            const artifact = artifacts.get(artifactName(p, s, o))!;
            artifact.version += 1;
            const versionId = newId();
            insertVersion.run(versionId, artifact.id, artifact.version, artifact.version, `/bench/${versionId}`, stack.artifactStore, Math.floor(random() * 10_000), stepId, runId, stepCreated);
            insertLink.run(stepId, versionId, `out_${o}`, 'output');
            if (o === 0) previous = versionId;
          }
        }
        // A failed run fails in one more step, which registers nothing: every run has 10 versions.
        if (status === 'failed') {
          const stamp = iso(created + shape.stepsPerRun * 1000);
          insertStep.run(newId(), runId, 'evaluate', 'evaluate', 'failed', null, 0, 'boom', stamp, stamp, stamp);
        }
      }
    })();
    if ((first / BATCH) % 4 === 0) log(`${Math.min(shape.runs, first + BATCH)} / ${shape.runs} runs (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  db.exec(`create table bench_generated (shape text not null); analyze;`);
  db.prepare(`insert into bench_generated (shape) values (?)`).run(JSON.stringify(shape));
  db.pragma('journal_mode = WAL');
  db.close();
  renameSync(building, path);
  for (const suffix of ['-wal', '-shm']) rmSync(building + suffix, { force: true });
  log(`built ${path} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return path;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const runsFlag = args.indexOf('--runs');
  const shape = runsFlag >= 0 ? { ...SCALE_SHAPE, runs: Number(args[runsFlag + 1]) } : SCALE_SHAPE;
  const path = args.find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--runs') ?? defaultStorePath(shape);
  await generateStore(path, shape, (line) => console.error(line));
  console.log(path);
}
