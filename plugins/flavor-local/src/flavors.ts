import { join } from 'node:path';
import type { FlavorHookResult } from 'zenml/plugin';

/**
 * The `zenml:flavors` hook: descriptors only. Implementations are imported by `load()`
 * when a component of the flavor is first used.
 */
export default async function flavors(): Promise<FlavorHookResult> {
  return [
    {
      name: 'local',
      type: 'orchestrator',
      description: 'Runs every step from the current process; independent steps run concurrently (in worker threads with isolation thread).',
      configSchema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          maxParallelism: { type: 'integer', minimum: 1, description: 'Most steps running at once (default: number of CPUs).' },
          isolation: {
            type: 'string',
            enum: ['none', 'thread'],
            description: "'none' (default): steps share this process's JavaScript thread; 'thread': each step runs in a worker thread, kept for later steps and runs of this process, so CPU-bound steps use several cores.",
          },
        },
      },
      load: async () => {
        const { LocalOrchestrator } = await import('./local-orchestrator.js');
        return { create: (context) => new LocalOrchestrator(context.config) };
      },
    },
    {
      name: 'local',
      type: 'artifact_store',
      description: 'Stores artifacts in a folder on this machine.',
      configSchema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          path: {
            type: 'string',
            minLength: 1,
            description: 'Root folder (default: <config dir>/local_stores/<component id>); a relative path is stored absolute, resolved against the folder it is registered from.',
            'x-zenml-local-path': true,
          },
          sharedFilesystem: {
            type: 'boolean',
            description: 'The folder is shared with every worker (one machine, or a network filesystem mounted at the same path): lets orchestrators with workers (bullmq) use this store.',
          },
        },
      },
      load: async () => {
        const { LocalArtifactStore } = await import('./local-artifact-store.js');
        return {
          create: (context) =>
            new LocalArtifactStore(context.id, (context.config.path as string | undefined) ?? join(context.configDir, 'local_stores', context.id), {
              shared: context.config.sharedFilesystem === true,
            }),
        };
      },
    },
  ];
}
