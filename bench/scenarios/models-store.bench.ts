// The model control plane at scale: listing 10k versions of one model, and the artifacts of a
// version with 1k linked artifact versions, through the ZenStore against the same queries on
// raw better-sqlite3 (the floor). The store is filled with raw inserts (fixed sizes, fixed ids).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { compareStoreQueries, type StoreQueryCase } from '../lib/store-queries.js';
import { benchSandbox } from '../lib/sandbox.js';
import type { BenchResult } from '../types.js';

const SCENARIO = 'models-store';
const VERSIONS = 10_000;
const LINKED = 1_000;
const ITERATIONS = 30;
const WARMUP = 5;

const id = (kind: string, n: number) => `00000000-0000-4000-${kind}-${String(n).padStart(12, '0')}`;

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox();
  const path = join(sandbox.dir, 'models.db');
  const { openZenStore } = await import('../../src/store/open-store.js');
  const store = await openZenStore(`sqlite:${path}`); // creates and migrates the schema
  const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
  const raw = new Sqlite(path);
  const results: BenchResult[] = [];
  try {
    const stamp = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString();
    raw.transaction(() => {
      raw.prepare(`insert into models (id, name, created, updated) values (?, 'bench_model', ?, ?)`).run(id('a000', 0), stamp(0), stamp(0));
      const version = raw.prepare(`insert into model_versions (id, model_id, number, name, stage, created, updated) values (?, ?, ?, ?, 'none', ?, ?)`);
      for (let n = 1; n <= VERSIONS; n++) version.run(id('b000', n), id('a000', 0), n, String(n), stamp(n), stamp(n));
      const artifact = raw.prepare(`insert into artifacts (id, name, created, updated) values (?, ?, ?, ?)`);
      const artifactVersion = raw.prepare(
        `insert into artifact_versions (id, artifact_id, position, number, uri, artifact_store_id, materializer, data_type, type, size, visualizations, created) values (?, ?, 1, 1, ?, 'bench', 'zenml.json', 'object', ?, 128, '[]', ?)`,
      );
      const link = raw.prepare(`insert into model_version_artifacts (model_version_id, artifact_version_id, type, created) values (?, ?, ?, ?)`);
      for (let n = 0; n < LINKED; n++) {
        artifact.run(id('c000', n), `bench::step_${n}::output`, stamp(n), stamp(n));
        const type = n % 10 === 0 ? 'model' : 'data';
        artifactVersion.run(id('d000', n), id('c000', n), `file:///bench/${n}`, type, stamp(n));
        link.run(id('b000', 1), id('d000', n), type, stamp(n));
      }
    })();
    // Keep the artifact-version counters of later migrations consistent if they exist.
    try {
      raw.prepare('delete from artifact_version_counts').run();
      raw.prepare('insert into artifact_version_counts (artifact_id, n) select artifact_id, count(*) from artifact_versions group by artifact_id').run();
    } catch {
      /* no such table in this schema */
    }
    raw.pragma('optimize');

    const modelId = id('a000', 0);
    const versionId = id('b000', 1);
    const versionSelect = 'select v.*, m.name as model_name from model_versions v join models m on m.id = v.model_id where v.model_id = ? order by v.number desc limit ? offset 0';
    const versionCount = 'select count(*) as n from model_versions v join models m on m.id = v.model_id where v.model_id = ?';
    const artifactSelect = `select av.*, a.name, l.type as link_type, l.created as linked from model_version_artifacts l
      join artifact_versions av on av.id = l.artifact_version_id join artifacts a on a.id = av.artifact_id
      where l.model_version_id = ? order by a.name, av.position desc limit ? offset 0`;
    const artifactCount = 'select count(*) as n from model_version_artifacts l join artifact_versions av on av.id = l.artifact_version_id join artifacts a on a.id = av.artifact_id where l.model_version_id = ?';

    const expect = (actual: number, wanted: number, what: string) => {
      if (actual !== wanted) throw new Error(`${what}: expected ${wanted}, got ${actual}`);
    };
    const withinThreeTimesRaw = { target: '≤ 3× raw SQL', pass: (zenMs: number, floorMs: number) => zenMs <= floorMs * 3 };
    const cases: StoreQueryCase[] = [
      {
        metric: `list all ${VERSIONS.toLocaleString('en')} versions of a model (one page of ${VERSIONS.toLocaleString('en')})`,
        zen: async () => expect((await store.listModelVersions({ model: 'bench_model', size: VERSIONS })).items.length, VERSIONS, 'versions'),
        floor: () => {
          raw.prepare(versionSelect).all(modelId, VERSIONS);
          raw.prepare(versionCount).get(modelId);
        },
        ...withinThreeTimesRaw,
      },
      {
        metric: `first page (50) of the ${VERSIONS.toLocaleString('en')} versions`,
        zen: async () => expect((await store.listModelVersions({ model: 'bench_model', size: 50 })).total, VERSIONS, 'total'),
        floor: () => {
          raw.prepare(versionSelect).all(modelId, 50);
          raw.prepare(versionCount).get(modelId);
        },
        ...withinThreeTimesRaw,
      },
      {
        metric: `artifacts of a version with ${LINKED.toLocaleString('en')} linked (one page of ${LINKED.toLocaleString('en')})`,
        zen: async () => expect((await store.listModelVersionArtifacts(versionId, { size: LINKED })).items.length, LINKED, 'artifacts'),
        floor: () => {
          raw.prepare(artifactSelect).all(versionId, LINKED);
          raw.prepare(artifactCount).get(versionId);
        },
        ...withinThreeTimesRaw,
      },
      {
        metric: `model artifacts (--type model) of that version`,
        zen: async () => expect((await store.listModelVersionArtifacts(versionId, { type: 'model', size: LINKED })).total, LINKED / 10, 'model artifacts'),
        floor: () => {
          raw.prepare(artifactSelect.replace('where l.model_version_id = ?', `where l.model_version_id = ? and l.type = 'model'`)).all(versionId, LINKED);
          raw.prepare(`${artifactCount} and l.type = 'model'`).get(versionId);
        },
        ...withinThreeTimesRaw,
      },
    ];
    results.push(...(await compareStoreQueries(SCENARIO, cases, ITERATIONS, WARMUP)));
  } finally {
    raw.close();
    await store.close();
    sandbox.dispose();
  }
  return results;
}
