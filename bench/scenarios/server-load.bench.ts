// The server under load on loopback (autocannon, 50 connections): GET /api/v1/runs?size=50
// with a bearer token (authentication on, as `zenml server start` runs it; the client logged in
// once) over a store holding 200 runs, on SQLite and on PostgreSQL 15, against a bare fastify
// hello route measured in the same run (the floor: what the machine serves with no store, no
// auth and no JSON worth the name). Then a soak on the SQLite route: errors and the server's
// resident memory before and after, over the issue's 60 s (ZENML_BENCH_SOAK_SECONDS shortens
// it for a quick look). PostgreSQL is skipped (with the reason) where it cannot be started.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { REPO_ROOT } from '../lib/spawn.js';
import type { BenchResult } from '../types.js';
import { postgresProblem, startPostgres, type StartedPostgres } from '../../scripts/services/postgres.mjs';

const SCENARIO = 'server-load';
const CONNECTIONS = 50;
const SECONDS = Number(process.env.ZENML_BENCH_LOAD_SECONDS ?? 10);
const SOAK_SECONDS = Number(process.env.ZENML_BENCH_SOAK_SECONDS ?? 60);
const RUNS = 200;

interface Child {
  child: ChildProcess;
  url: string;
  headers: Record<string, string>;
}

function startChild(args: string[]): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench', 'lib', 'server-child.ts'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const headers: Record<string, string> = {};
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('TOKEN ')) headers.authorization = `Bearer ${line.slice(6)}`;
      if (line.startsWith('URL ')) resolve({ child, url: line.slice(4), headers });
    });
    child.on('exit', (code) => reject(new Error(`server child exited with ${code}`)));
  });
}

function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox();
  const { default: autocannon } = await import('autocannon');
  const cannon = (target: Child, path: string, duration: number) => autocannon({ url: `${target.url}${path}`, connections: CONNECTIONS, duration, pipelining: 1, headers: target.headers });
  const children: ChildProcess[] = [];
  let postgres: StartedPostgres | undefined;
  const load = () => `load average ${loadavg().map((n) => n.toFixed(1)).join(' / ')}`;
  try {
    const floor = await startChild(['floor']);
    children.push(floor.child);
    const sqlite = await startChild(['zenml', `sqlite:${join(sandbox.dir, 'zenml.db')}`, String(RUNS)]);
    children.push(sqlite.child);
    const pgProblem = postgresProblem();
    let pg: Child | undefined;
    if (!pgProblem) {
      postgres = await startPostgres();
      pg = await startChild(['zenml', postgres.url, String(RUNS)]);
      children.push(pg.child);
    }
    const runsPath = '/api/v1/runs?size=50';
    for (const target of [sqlite, pg]) {
      if (!target) continue;
      const response = await fetch(`${target.url}${runsPath}`, { headers: target.headers });
      const check = (await response.json()) as { items: unknown[]; total: number };
      if (check.items?.length !== 50 || check.total !== RUNS) throw new Error(`unexpected page (${response.status}): ${check.items?.length} items of ${check.total}`);
      await cannon(target, runsPath, 2); // warm-up: JIT, page caches
    }
    await cannon(floor, '/hello', 2);
    const bare = await cannon(floor, '/hello', SECONDS);
    const loadBefore = load();
    const measured: BenchResult[] = [];
    let noted = false;
    for (const [database, target] of [['SQLite', sqlite], ['PostgreSQL', pg]] as const) {
      if (!target) continue;
      const runs = await cannon(target, runsPath, SECONDS);
      const loadNow = load();
      measured.push(
        result({
          scenario: SCENARIO,
          metric: `GET ${runsPath} (${RUNS} runs, ${database}, bearer token), ${CONNECTIONS} connections, ${SECONDS} s`,
          value: runs.requests.average,
          unit: 'req/s',
          floor: { name: 'bare fastify hello route', value: bare.requests.average },
          target: '≥ 3,000 req/s',
          pass: runs.requests.average >= 3000 && runs.errors + runs.non2xx === 0,
          note: noted ? undefined : `Every server runs in its own process beside autocannon on the same machine (2 cores shared with other work: ${loadBefore} before, ${loadNow} after the SQLite run), so the floor bounds what loopback allows here. Per request the server checks the token (its signature once per token, then from memory), answers from a view cached per project and user, and sends the page's serialized answer again while the database is unchanged (any write, by any process, makes the next request read and serialize anew) (SQLite: pragma data_version and total_changes(); PostgreSQL: pg_current_snapshot(), one named probe shared by the requests waiting for it). Soak: ${SOAK_SECONDS} s.${pgProblem ? ` PostgreSQL not measured: ${pgProblem}.` : ''}`,
        }),
        result({
          scenario: SCENARIO,
          metric: `p99 latency of GET ${runsPath} (${database})`,
          value: runs.latency.p99,
          unit: 'ms',
          floor: { name: 'bare fastify hello route p99', value: bare.latency.p99 },
          target: '≤ 20 ms',
          pass: runs.latency.p99 <= 20,
        }),
      );
      noted = true;
    }
    const rssBefore = rssMiB(sqlite.child.pid!);
    const soak = await cannon(sqlite, runsPath, SOAK_SECONDS);
    const rssAfter = rssMiB(sqlite.child.pid!);
    const soakErrors = soak.errors + soak.timeouts + soak.non2xx;
    const growth = rssAfter - rssBefore;
    return [
      ...measured,
      result({
        scenario: SCENARIO,
        metric: `soak (SQLite): errors over ${SOAK_SECONDS} s (${soak['2xx']} requests)`,
        value: soakErrors,
        unit: 'errors',
        target: '0',
        pass: soakErrors === 0,
      }),
      result({
        scenario: SCENARIO,
        metric: `soak (SQLite): server RSS growth over ${SOAK_SECONDS} s (from ${rssBefore.toFixed(0)} MiB)`,
        value: growth,
        unit: 'MiB',
        target: '≤ 10 % of the starting RSS (flat)',
        pass: growth <= rssBefore * 0.1,
      }),
    ];
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await postgres?.stop();
    sandbox.dispose();
  }
}
