// The extension's side of the worker protocol: starts `node worker.mjs` (the user's Node) and
// turns each ZenApi call into one IPC request. No vscode import, so tests drive it directly.
import { fork, type ChildProcess } from 'node:child_process';
import type { WorkerReady, WorkerRequest, WorkerResponse, ZenApi, ZenMethod } from './protocol.js';

export interface WorkerOptions {
  /** The compiled worker script (dist/worker.mjs). */
  workerScript: string;
  /** The zenml package directory to load. */
  zenmlPath: string;
  /** The `node` to run it with (default: `node` on the PATH). */
  nodePath?: string;
  /** The working directory: the workspace folder, so a `.zen` repository there counts as in the CLI. */
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export class ZenWorkerError extends Error {}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** A ZenApi whose calls run in the worker; `ready` resolves once zenml loaded there. */
export class WorkerBackend {
  readonly api: ZenApi;
  private child?: ChildProcess;
  private readyPromise?: Promise<WorkerReady>;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stderr = '';

  constructor(private readonly options: WorkerOptions) {
    this.api = new Proxy({} as ZenApi, {
      get: (_target, method: string) => (...params: unknown[]) => this.call(method as ZenMethod, params),
    });
  }

  ready(): Promise<WorkerReady> {
    this.readyPromise ??= this.start();
    return this.readyPromise;
  }

  private start(): Promise<WorkerReady> {
    const { workerScript, zenmlPath, nodePath, cwd, env } = this.options;
    const child = fork(workerScript, [], {
      cwd,
      execPath: nodePath ?? 'node',
      env: { ...(env ?? process.env), ZENML_VSCODE_PACKAGE: zenmlPath },
      execArgv: [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child = child;
    this.stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    return new Promise<WorkerReady>((resolve, reject) => {
      child.on('message', (message: WorkerResponse | WorkerReady | { fatal: string }) => {
        if ('ready' in message) return resolve(message);
        if ('fatal' in message) return reject(new ZenWorkerError(`ZenML could not load from ${zenmlPath}: ${message.fatal}`));
        const waiting = this.pending.get(message.id);
        if (!waiting) return;
        this.pending.delete(message.id);
        if ('error' in message) waiting.reject(new ZenWorkerError(message.error.message));
        else waiting.resolve(message.result);
      });
      child.on('error', (error) => reject(new ZenWorkerError(`Could not start '${nodePath ?? 'node'}' for ZenML: ${error.message}. Set zenml.nodePath to a Node 20+ executable.`)));
      child.on('exit', (code) => {
        const why = new ZenWorkerError(`The ZenML worker stopped (exit ${code}). ${this.stderr.trim().split('\n').slice(-3).join(' ')}`.trim());
        reject(why);
        for (const waiting of this.pending.values()) waiting.reject(why);
        this.pending.clear();
        // The next call starts a new worker.
        if (this.child === child) {
          this.child = undefined;
          this.readyPromise = undefined;
        }
      });
    });
  }

  private async call(method: ZenMethod, params: unknown[]): Promise<never> {
    await this.ready();
    const child = this.child;
    if (!child?.connected) throw new ZenWorkerError('The ZenML worker is not running.');
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const request: WorkerRequest = { id, method, params };
      child.send(request);
    });
  }

  dispose(): void {
    const child = this.child;
    this.child = undefined;
    this.readyPromise = undefined;
    if (child?.connected) child.disconnect();
    setTimeout(() => child?.kill(), 2000).unref();
  }
}
