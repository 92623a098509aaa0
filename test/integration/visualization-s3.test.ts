// Visualizations of artifact versions in an S3 artifact store (a real Ceph radosgw): written
// by the materializers, read back as text and as an SVG data URL, and refused over the cap.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ArtifactStore } from '../../src/core/artifact-store.js';
import type { ArtifactVersionModel } from '../../src/core/entities.js';
import { writeArtifact } from '../../src/artifacts/write.js';
import { ArtifactVersion } from '../../src/artifacts/artifact-version.js';
import flavors from '../../plugins/artifact-store-s3/src/flavors.js';
import { s3ServerProblem, startS3Server, type S3Server } from '../helpers/s3.js';
import { serviceGate } from '../helpers/service-gate.js';

const gate = serviceGate('S3 (Ceph radosgw)', s3ServerProblem());

describe('visualizations in an s3 artifact store', gate, () => {
  let server: S3Server;
  let store: ArtifactStore;

  before(async () => {
    server = await startS3Server();
    const [flavor] = await flavors();
    store = (await (await flavor!.load()).create({ id: 's3-viz', name: 's3-viz', config: server.storeConfig('viz'), configDir: '/nonexistent' })) as ArtifactStore;
  });
  after(() => server?.stop());

  async function saved(value: unknown, name: string): Promise<ArtifactVersion> {
    const written = await writeArtifact(store, value, { name });
    return new ArtifactVersion({ ...written, artifactId: 'a', version: 1, created: new Date().toISOString(), tags: [] } as unknown as ArtifactVersionModel, async () => store);
  }

  test('a table of records reads back as CSV, a series as an SVG data URL', async () => {
    const rows = await saved([{ id: 1, name: 'a' }, { id: 2, name: 'b' }], 'rows');
    assert.deepEqual(await rows.visualize(1), { type: 'csv', value: 'id,name\n1,a\n2,b\n' });
    const series = await saved([1, 4, 9, 16], 'series');
    const chart = await series.visualize(1);
    assert.match(chart.value, /^data:image\/svg\+xml;base64,/);
    assert.match(Buffer.from(chart.value.split(',')[1], 'base64').toString('utf8'), /<title>Array\(4\)<\/title>/);
  });

  test('over the cap: refused after a size lookup, without downloading the file', async () => {
    const series = await saved([1, 2, 3], 'capped');
    await assert.rejects(series.visualize(1, { maxBytes: 100 }), (error: Error & { statusCode?: number }) => error.statusCode === 413 && /over the 0\.0 MiB that is read at once/.test(error.message));
  });
});
