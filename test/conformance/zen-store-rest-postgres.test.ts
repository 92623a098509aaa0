// The ZenStore conformance suite on the REST store, talking to a server in this process over
// PostgreSQL 15 (a throwaway server, a fresh database per suite).
import { test } from 'node:test';
import { zenStoreConformance } from 'zenml/testing';
import { openZenStore } from '../../src/store/open-store.js';
import { testPostgres } from '../helpers/postgres.js';
import { restStoreOver } from '../helpers/rest-server.js';

const { gate, server } = await testPostgres();

if (server) zenStoreConformance('rest over postgresql', () => restStoreOver(async () => openZenStore(await server.freshDatabaseUrl())));
else test('ZenStore conformance: rest over postgresql', gate, () => undefined);
