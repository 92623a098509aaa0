// The ZenStore conformance suite on the REST store, talking to a server in this process over
// a temporary SQLite store. REST over PostgreSQL is the same line with the PostgreSQL opener.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { zenStoreConformance } from 'zenml/testing';
import { openZenStore } from '../../src/store/open-store.js';
import { restStoreOver } from '../helpers/rest-server.js';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function sqliteStore() {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-rest-conformance-'));
  dirs.push(dir);
  return openZenStore(`sqlite:${join(dir, 'zenml.db')}`);
}

zenStoreConformance('rest over sqlite', () => restStoreOver(sqliteStore));
