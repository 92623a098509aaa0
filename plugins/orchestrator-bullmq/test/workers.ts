import { spawn, type ChildProcess } from 'node:child_process';
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { after, before } from 'node:test';
import { startRedis, type RedisService } from '../../../test/helpers/redis.js';
import { CLI, createSandbox, runCli, useSandboxEnv, type Sandbox } from '../../../test/helpers/sandbox.js';

/**
 * Registers the team stack the suites run on: a bullmq orchestrator on `queue` of `redisUrl`
 * and a shared local artifact store, made active unless `activate` is false.
 */
export async function registerTeamStack(sandbox: Sandbox, redisUrl: string, queue: string, activate = true): Promise<void> {
  const cli = async (...args: string[]) => assert.equal((await runCli(args, { sandbox })).code, 0, `zenml ${args.join(' ')}`);
  await cli('orchestrator', 'register', 'queue', '--flavor', 'bullmq', `--redisUrl=${redisUrl}`, `--queue=${queue}`);
  await cli('artifact-store', 'register', 'shared', '--flavor', 'local', '--sharedFilesystem=true');
  await cli('stack', 'register', 'team', '-o', 'queue', '-a', 'shared', ...(activate ? ['--set'] : []));
}

export interface Workers {
  readonly processes: ChildProcess[];
  /** Starts one more worker; resolves once it listens. */
  add(): Promise<ChildProcess>;
  /** Kills one worker by pid with this signal and forgets it. */
  kill(pid: number, signal: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

/** `zenml worker start` processes for a stack, started with `env` (the suite's store and config). */
export async function startWorkers(count: number, options: { stack: string; env: NodeJS.ProcessEnv; cwd?: string; concurrency?: number }): Promise<Workers> {
  const processes: ChildProcess[] = [];
  const add = () =>
    new Promise<ChildProcess>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'worker', 'start', '--stack', options.stack, '--concurrency', String(options.concurrency ?? 2)], {
        env: { ZENML_BULLMQ_LOCK_MS: '2000', ...options.env },
        cwd: options.cwd,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (chunk) => {
        stderr += chunk;
        if (/takes steps from queue/.test(stderr)) resolve(child);
      });
      child.on('exit', (code, signal) => reject(new Error(`worker exited (${signal ?? code}) before listening: ${stderr}`)));
      processes.push(child);
    });
  const stopOne = (child: ChildProcess, signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  await Promise.all(Array.from({ length: count }, add));
  return {
    processes,
    add,
    async kill(pid, signal) {
      const index = processes.findIndex((child) => child.pid === pid);
      if (index < 0) return;
      const [child] = processes.splice(index, 1);
      await stopOne(child, signal);
    },
    async stop() {
      await Promise.all(processes.splice(0).map((child) => stopOne(child, 'SIGTERM')));
    },
  };
}

/** How many times Redis ran `command` (INFO commandstats). */
export async function redisCommandCalls(redis: Redis, command: string): Promise<number> {
  const info = await redis.info('commandstats');
  return Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(info)?.[1] ?? 0);
}

export interface TeamOnWorkers {
  sandbox: Sandbox;
  redis: RedisService;
  workers: Workers;
}

/**
 * The set-up of a suite that runs pipelines on workers: a sandbox (with `files` written and
 * `env` added), a Redis server, the team stack on `queue` (not made active) and `count`
 * workers, with this process's env pointed at the sandbox; all of it torn down after the
 * suite. Its fields are set in the suite's `before`: read them inside tests.
 */
export function teamOnWorkers(options: { queue: string; count: number; concurrency: number; files?: Record<string, string>; env?: Record<string, string> }): TeamOnWorkers {
  const suite = {} as TeamOnWorkers;
  let restore: (() => void) | undefined;
  before(async () => {
    suite.sandbox = createSandbox();
    Object.assign(suite.sandbox.env, options.env);
    suite.redis = startRedis();
    for (const [name, text] of Object.entries(options.files ?? {})) suite.sandbox.write(name, text);
    await registerTeamStack(suite.sandbox, suite.redis.url, options.queue, false);
    suite.workers = await startWorkers(options.count, { stack: 'team', env: suite.sandbox.env, cwd: suite.sandbox.cwd, concurrency: options.concurrency });
    restore = useSandboxEnv(suite.sandbox);
  });
  after(async () => {
    await suite.workers?.stop();
    restore?.();
    const { closeZenContexts } = await import('zenml/plugin');
    await closeZenContexts();
    suite.redis?.stop();
    suite.sandbox?.cleanup();
  });
  return suite;
}
