// The server under load on loopback (autocannon, 50 connections): GET /api/v1/runs?size=50
// over a SQLite store holding 200 runs, against a bare fastify hello route measured in the same
// run (the floor: what the machine serves with no store and no JSON worth the name). Then a
// soak on the same route: errors and the server's resident memory before and after.
// ZENML_BENCH_SOAK_SECONDS=60 for the full soak (15 s by default).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { REPO_ROOT } from '../lib/spawn.js';
import type { BenchResult } from '../types.js';

const SCENARIO = 'server-load';
const CONNECTIONS = 50;
const SECONDS = Number(process.env.ZENML_BENCH_LOAD_SECONDS ?? 10);
const SOAK_SECONDS = Number(process.env.ZENML_BENCH_SOAK_SECONDS ?? 15);
const RUNS = 200;

function startChild(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'bench', 'lib', 'server-child.ts'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => line.startsWith('URL ') && resolve({ child, url: line.slice(4) }));
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
  const zenml = await startChild(['zenml', `sqlite:${join(sandbox.dir, 'zenml.db')}`, String(RUNS)]);
  const floor = await startChild(['floor']);
  const children = [zenml.child, floor.child];
  try {
    const runsUrl = `${zenml.url}/api/v1/runs?size=50`;
    const check = (await (await fetch(runsUrl)).json()) as { items: unknown[]; total: number };
    if (check.items.length !== 50 || check.total !== RUNS) throw new Error(`unexpected page: ${check.items.length} items of ${check.total}`);
    const cannon = (url: string, duration: number) => autocannon({ url, connections: CONNECTIONS, duration, pipelining: 1 });
    await cannon(runsUrl, 2); // warm-up: JIT, SQLite page cache
    await cannon(`${floor.url}/hello`, 2);
    const bare = await cannon(`${floor.url}/hello`, SECONDS);
    const runs = await cannon(runsUrl, SECONDS);
    const rssBefore = rssMiB(zenml.child.pid!);
    const soak = await cannon(runsUrl, SOAK_SECONDS);
    const rssAfter = rssMiB(zenml.child.pid!);
    const soakErrors = soak.errors + soak.timeouts + soak.non2xx;
    const growth = rssAfter - rssBefore;
    return [
      result({
        scenario: SCENARIO,
        metric: `GET /api/v1/runs?size=50 (${RUNS} runs, SQLite), ${CONNECTIONS} connections, ${SECONDS} s`,
        value: runs.requests.average,
        unit: 'req/s',
        floor: { name: 'bare fastify hello route', value: bare.requests.average },
        target: '≥ 3,000 req/s',
        pass: runs.requests.average >= 3000 && runs.errors + runs.non2xx === 0,
        note: `Both servers run in their own process beside autocannon on the same machine (2 cores shared with other work), so the floor bounds what loopback allows here. Soak: ${SOAK_SECONDS} s (ZENML_BENCH_SOAK_SECONDS=60 for the full one).`,
      }),
      result({
        scenario: SCENARIO,
        metric: 'p99 latency of GET /api/v1/runs?size=50',
        value: runs.latency.p99,
        unit: 'ms',
        floor: { name: 'bare fastify hello route p99', value: bare.latency.p99 },
        target: '≤ 20 ms',
        pass: runs.latency.p99 <= 20,
      }),
      result({
        scenario: SCENARIO,
        metric: `soak: errors over ${SOAK_SECONDS} s (${soak['2xx']} requests)`,
        value: soakErrors,
        unit: 'errors',
        target: '0',
        pass: soakErrors === 0,
      }),
      result({
        scenario: SCENARIO,
        metric: `soak: server RSS growth over ${SOAK_SECONDS} s (from ${rssBefore.toFixed(0)} MiB)`,
        value: growth,
        unit: 'MiB',
        target: '≤ 10 % of the starting RSS (flat)',
        pass: growth <= rssBefore * 0.1,
      }),
    ];
  } finally {
    for (const child of children) child.kill('SIGTERM');
    sandbox.dispose();
  }
}
