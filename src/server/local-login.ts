import { join } from 'node:path';
import { loginAsLocalAdmin, type LoginResult } from '../sdk/login.js';
import { startDaemon } from './daemon.js';
import { serverFiles } from './server-files.js';
import { runningServer } from './start.js';

/**
 * `zenml login --local`: the server daemon of this config dir over the local store (started
 * when none runs), then a login as its administrator, so the CLI and SDK work through it.
 */
export async function loginToLocalServer(packageRoot: string, env: NodeJS.ProcessEnv = process.env, options: { port?: number } = {}): Promise<LoginResult & { started: boolean }> {
  const running = runningServer(env);
  const url = running?.url ?? (await startDaemon({ cliScript: join(packageRoot, 'bin', 'run.js'), env, port: options.port })).url;
  const result = await loginAsLocalAdmin(url, serverFiles(env).dir, env);
  return { ...result, started: running === undefined };
}
