// The ZenStore conformance suite shipped in `zenml/testing`, on the embedded SQLite store opened the way users get it (openZenStore).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { zenStoreConformance } from 'zenml/testing';
import { openZenStore } from '../../src/store/open-store.js';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

zenStoreConformance('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-conformance-'));
  dirs.push(dir);
  return openZenStore(`sqlite:${join(dir, 'zenml.db')}`);
});
