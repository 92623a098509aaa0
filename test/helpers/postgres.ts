import { randomUUID } from 'node:crypto';
import { after } from 'node:test';
import { postgresProblem, startPostgres, type StartedPostgres } from '../../scripts/services/postgres.mjs';
import { serviceGate } from './service-gate.js';

/** A PostgreSQL server for one test file: a fresh database per call of `freshDatabaseUrl`. */
export interface TestPostgres {
  /** The superuser URL of the server (database `postgres`). */
  url: string;
  /** Creates an empty database and returns its URL. */
  freshDatabaseUrl(): Promise<string>;
}

let started: Promise<{ server?: TestPostgres; problem?: string }> | undefined;

/**
 * Starts a throwaway PostgreSQL 15 for this test file (once, however often called) and stops it
 * by pid after the file's tests; ZENML_TEST_POSTGRES_URL points at an existing server instead.
 * Use with top-level await: `const { gate, server } = await testPostgres();` then
 * `describe('...', gate, ...)`. Missing binaries or a failed start skip the tests with the
 * reason (and fail them under ZENML_TEST_REQUIRE_SERVICES=1).
 */
export async function testPostgres(): Promise<{ gate: { skip: string | false }; server?: TestPostgres }> {
  started ??= start();
  const { server, problem } = await started;
  return { gate: serviceGate('PostgreSQL 15', problem), server };
}

async function start(): Promise<{ server?: TestPostgres; problem?: string }> {
  const external = process.env.ZENML_TEST_POSTGRES_URL;
  let running: StartedPostgres | undefined;
  let url = external;
  if (!url) {
    const problem = postgresProblem();
    if (problem) return { problem };
    try {
      running = await startPostgres();
    } catch (error) {
      return { problem: (error as Error).message };
    }
    url = running.url;
  }
  const { default: pg } = await import('pg');
  const created: string[] = [];
  const admin = async <T>(work: (client: InstanceType<typeof pg.Client>) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  after(async () => {
    if (running) running.stop();
    else await admin(async (client) => { for (const name of created) await client.query(`drop database if exists "${name}" with (force)`); }).catch(() => undefined);
  });
  const serverUrl = url;
  return {
    server: {
      url: serverUrl,
      async freshDatabaseUrl() {
        const name = `zenml_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
        await admin((client) => client.query(`create database "${name}"`));
        created.push(name);
        const target = new URL(serverUrl);
        target.pathname = `/${name}`;
        return target.toString();
      },
    },
  };
}
