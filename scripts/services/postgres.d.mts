/** Types of postgres.mjs, for the TypeScript tests that start a throwaway PostgreSQL. */
export interface StartedPostgres {
  /** postgresql://USER@127.0.0.1:PORT/postgres (trust auth, the cluster's superuser). */
  url: string;
  dir: string;
  port: number;
  pid: number;
  user: string;
  stop(): void;
}
export function postgresProblem(): string | undefined;
export function startPostgres(options?: { dir?: string; maxConnections?: number; locale?: 'C' | 'icu' }): Promise<StartedPostgres>;
export function stopPostgres(dir: string): void;
