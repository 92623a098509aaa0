import type { Config } from '../vendor/oclif.js';
import { closeZenContexts } from '../context/zen-context.js';
import { provideOclifConfig } from '../stack/oclif-config.js';

/**
 * What the CLI hands the library and takes back around each command, kept small: it is
 * loaded at start-up by every command (src/cli/zen-command.ts).
 */

/** Hands the CLI's loaded oclif Config over, so the flavor registry reads plugins from it instead of loading another. */
export function startCliSession(config: Config): void {
  provideOclifConfig(config);
}

/** Closes every store this process opened, so the command exits cleanly (and `zenml clean` can delete them). */
export async function endCliSession(): Promise<void> {
  await closeZenContexts();
}
