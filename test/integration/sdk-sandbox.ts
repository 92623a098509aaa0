import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { TEMP_DIR } from '../../src/artifacts/write.js';
import { createSandbox, useSandboxEnv, type Sandbox } from '../helpers/sandbox.js';

export interface SdkSandbox {
  sandbox: Sandbox;
  /** Root folder of the default stack's local artifact store. */
  artifactRoot(): Promise<string>;
  /** Entries left in the artifact store's temp folder (must be empty after any run). */
  tempLeftovers(): Promise<string[]>;
}

/**
 * One fresh sandbox per test file, with this process's env pointed at it so the SDK
 * (step, pipeline, Client) uses its config dir and store; closed and removed afterwards.
 */
export function sdkSandbox(prefix = 'zenml-sdk-'): SdkSandbox {
  let sandbox: Sandbox | undefined;
  let restore: (() => void) | undefined;
  before(() => {
    sandbox = createSandbox(prefix);
    restore = useSandboxEnv(sandbox);
  });
  after(async () => {
    const { closeZenContexts } = await import('../../src/context/zen-context.js');
    await closeZenContexts();
    restore?.();
    sandbox?.cleanup();
  });
  const artifactRoot = async () => {
    const { Client } = await import('../../src/index.js');
    const stack = await new Client().getActiveStack();
    return join(sandbox!.configDir, 'local_stores', stack.components.artifact_store);
  };
  return {
    get sandbox() {
      return sandbox!;
    },
    artifactRoot,
    async tempLeftovers() {
      return tempFolderEntries(await artifactRoot());
    },
  };
}

/**
 * What is left in an artifact store's temp folder. The store root must exist: a wrong path
 * would otherwise look like an empty temp folder and every "no temp folders left" check
 * would pass without looking. The temp folder itself exists once anything was written.
 */
export function tempFolderEntries(artifactRoot: string): string[] {
  if (!existsSync(artifactRoot)) throw new Error(`The artifact store root ${artifactRoot} does not exist: the temp-folder check is looking in the wrong place.`);
  const temp = join(artifactRoot, TEMP_DIR);
  return existsSync(temp) ? readdirSync(temp) : [];
}
