#!/usr/bin/env node
// A throwaway PostgreSQL 15 for tests and CI: a fresh cluster in a temp dir, trust auth,
// listening on 127.0.0.1 on a random port, run as the `postgres` OS user when we are root
// (initdb refuses root). Stopped by its own postmaster pid, never by name.
//   node scripts/services/postgres.mjs start [DIR]   prints POSTGRES_URL=... and POSTGRES_DIR=...
//   node scripts/services/postgres.mjs stop DIR
// As a module: `startPostgres()` returns { url, dir, port, pid, stop() }.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PG_BIN = process.env.ZENML_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const SUPERUSER = 'postgres';

/** Why PostgreSQL cannot be started here, or undefined when it can. */
export function postgresProblem() {
  for (const tool of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(join(PG_BIN, tool))) return `${join(PG_BIN, tool)} is missing (apt-get install -y postgresql)`;
  }
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', SUPERUSER]).status !== 0) return `there is no '${SUPERUSER}' OS user to run it as`;
  return undefined;
}

/** Runs a PostgreSQL tool, as the postgres OS user when we are root. */
function runTool(tool, args) {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ['runuser', ['-u', SUPERUSER, '--', join(PG_BIN, tool), ...args]] : [join(PG_BIN, tool), args];
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) {
    const output = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-3).join(' | ');
    throw new Error(`${tool} failed (${result.error?.message ?? `exit ${result.status}`}): ${output}`);
  }
  return result.stdout;
}

/** uid and gid of the postgres OS user (the data dir must be theirs). */
function postgresIds() {
  return ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8' }).trim()));
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts a fresh cluster in `dir` (a new temp dir by default). Takes about a second. */
export async function startPostgres(options = {}) {
  const problem = postgresProblem();
  if (problem) throw new Error(`PostgreSQL cannot start: ${problem}`);
  const dir = resolve(options.dir ?? mkdtempSync(join(tmpdir(), 'zenml-pg-')));
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  if (process.getuid?.() === 0) {
    chownSync(dir, ...postgresIds());
    chownSync(data, ...postgresIds());
  }
  const user = process.getuid?.() === 0 ? SUPERUSER : userInfo().username;
  // An ICU en-US default collation, as a team's server usually has (not C's byte order): the
  // store must not depend on the database's locale. No fsync: a test cluster is thrown away.
  const initdb = (locale) => runTool('initdb', ['-D', data, '--auth=trust', '--username', user, '--encoding=UTF8', ...locale, '--no-sync']);
  if (options.locale === 'C') initdb(['--locale=C']);
  else {
    try {
      initdb(['--locale=C.UTF-8', '--locale-provider=icu', '--icu-locale=en-US']);
    } catch {
      // A build without ICU: the C locale still starts.
      rmSync(data, { recursive: true, force: true });
      mkdirSync(data, { recursive: true });
      if (process.getuid?.() === 0) chownSync(data, ...postgresIds());
      initdb(['--locale=C']);
    }
  }
  let lastError;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const settings = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', `-c max_connections=${options.maxConnections ?? 300}`];
    try {
      runTool('pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-o', settings.join(' '), '-w', '-t', '30', 'start']);
    } catch (error) {
      lastError = error; // most likely the port was taken meanwhile: try another
      continue;
    }
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const url = `postgresql://${user}@127.0.0.1:${port}/postgres`;
    return { url, dir, port, pid, user, stop: () => stopPostgres(dir) };
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

/** Stops the cluster in `dir` (fast shutdown, then its postmaster pid) and removes the dir. */
export function stopPostgres(dir) {
  const data = join(dir, 'data');
  const pidFile = join(data, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    try {
      runTool('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '20', 'stop']);
    } catch {
      // pg_ctl could not stop it: end the postmaster we started, by its own pid.
      if (pid > 0) {
        try {
          process.kill(pid, 'SIGQUIT');
        } catch {
          // already gone
        }
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, dir] = process.argv.slice(2);
  if (command === 'start') {
    startPostgres({ dir }).then(
      (server) => console.log(`POSTGRES_URL=${server.url}\nPOSTGRES_DIR=${server.dir}\nPOSTGRES_PID=${server.pid}`),
      (error) => {
        console.error(`postgres: ${error.message}`);
        process.exit(1);
      },
    );
  } else if (command === 'stop' && dir) {
    stopPostgres(resolve(dir));
  } else {
    console.error('usage: postgres.mjs start [DIR] | stop DIR');
    process.exit(2);
  }
}
