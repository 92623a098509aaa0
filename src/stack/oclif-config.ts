import type { Config } from '../vendor/oclif.js';
import { processSingleton } from '../core/process-state.js';

const holder = processSingleton('oclifConfig', () => ({ config: undefined as Config | undefined }));

/** The CLI hands its loaded oclif Config over, so the flavor registry need not load a second one. */
export function provideOclifConfig(config: Config): void {
  holder.config = config;
}

export function providedOclifConfig(): Config | undefined {
  return holder.config;
}
