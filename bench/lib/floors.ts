import { nodeTimed } from './spawn.js';

/** The cheapest possible process: what any CLI written for Node pays before its first line runs. */
export const NODE_FLOOR_NAME = 'node -e 0';

export function nodeStartup(env?: NodeJS.ProcessEnv): number {
  return nodeTimed(['-e', '0'], { env }).ms;
}
