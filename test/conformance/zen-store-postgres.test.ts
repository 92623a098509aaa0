// The ZenStore conformance suite on PostgreSQL 15 (a throwaway server, a fresh database), opened the way users get it: ZENML_STORE_URL=postgresql://...
import { test } from 'node:test';
import { zenStoreConformance } from 'zenml/testing';
import { openZenStore } from '../../src/store/open-store.js';
import { testPostgres } from '../helpers/postgres.js';

const { gate, server } = await testPostgres();

if (server) zenStoreConformance('postgresql', async () => openZenStore(await server.freshDatabaseUrl()));
else test('ZenStore conformance: postgresql', gate, () => undefined);
