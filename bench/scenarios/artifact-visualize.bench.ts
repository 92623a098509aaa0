// Visualizing a 10,000-row table (an Arrow table saved with saveArtifact: its CSV
// visualization holds every row, ~150 KB): through the SDK (ArtifactVersion.visualize: the
// version's record, its artifact store, the file) and through the server's route over HTTP,
// against reading the same CSV file with fs.readFile and decoding it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { interleavedMedians } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const SCENARIO = 'artifact-visualize';
const ROWS = 10_000;
const RUNS = 200;

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox({ apply: true });
  try {
    const { tableFromArrays } = await import('apache-arrow');
    const { saveArtifact, Client } = await import('../../src/index.js');
    const { closeZenContexts } = await import('../../src/context/zen-context.js');
    const { openZenStore } = await import('../../src/store/open-store.js');
    const { defaultStorePath } = await import('../../src/config/paths.js');
    const { buildServer } = await import('../../src/server/app.js');

    const table = tableFromArrays({
      id: Int32Array.from({ length: ROWS }, (_, i) => i),
      score: Float64Array.from({ length: ROWS }, (_, i) => Math.sin(i) * 100),
      label: Array.from({ length: ROWS }, (_, i) => `row-${i}`),
    });
    const saved = await saveArtifact(table, 'bench-table');
    const index = saved.visualizations.findIndex((visualization) => visualization.type === 'csv');
    const csvPath = join(saved.uri, saved.visualizations[index].file);
    const bytes = (await readFile(csvPath)).byteLength;

    const backend = await openZenStore(`sqlite:${defaultStorePath()}`);
    const app = await buildServer({ store: backend, secrets: { configDir: join(sandbox.dir, 'server') } });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const client = new Client();
    try {
      const medians = await interleavedMedians(RUNS, {
        sdk: async () => (await client.getArtifactVersion(saved.id)).visualize(index),
        route: async () => (await fetch(`${url}/api/v1/artifact_versions/${saved.id}/visualize?index=${index}`)).json(),
        fs: async () => (await readFile(csvPath)).toString('utf8'),
      });
      const note = `The CSV holds ${ROWS} rows (${(bytes / 1024).toFixed(0)} KiB). The SDK adds the version lookup in the store and a SHA-256 check of the file; the route adds HTTP, routing (no auth here) and JSON encoding of the text on top. Targets are ratios to the floor measured in the same run, as absolute times swing with the load of a shared machine.`;
      return [
        result({ scenario: SCENARIO, metric: `ArtifactVersion.visualize() of a ${ROWS}-row table's CSV, median of ${RUNS}`, value: medians.sdk, unit: 'ms', floor: { name: 'fs.readFile + utf8 decode of the same file', value: medians.fs }, target: '≤ 2× the fs floor', pass: medians.sdk <= 2 * medians.fs, note }),
        result({ scenario: SCENARIO, metric: `GET /artifact_versions/{id}/visualize of the same CSV, median of ${RUNS}`, value: medians.route, unit: 'ms', floor: { name: 'fs.readFile + utf8 decode of the same file', value: medians.fs }, target: '≤ 5× the fs floor', pass: medians.route <= 5 * medians.fs }),
      ];
    } finally {
      await app.close();
      await backend.close();
      await closeZenContexts();
    }
  } finally {
    sandbox.dispose();
  }
}
