import { userInfo } from 'node:os';

/** Who is making a change (recorded with stage promotions): ZENML_USER, else the OS user. */
export function currentActor(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ZENML_USER) return env.ZENML_USER;
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
