import type { FlavorHookResult } from 'zenml/plugin';

/** The `zenml:flavors` hook of this plugin: one orchestrator flavor, `local_process`. */
export default async function flavors(): Promise<FlavorHookResult> {
  return [
    {
      name: 'local_process',
      type: 'orchestrator',
      description: 'Runs each step in its own child process (zenml step-entrypoint), like a remote orchestrator does, on this machine.',
      configSchema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          maxParallelism: { type: 'integer', minimum: 1, description: 'Most step processes running at once (default: number of CPUs).' },
          stepTimeoutSeconds: { type: 'integer', minimum: 1, description: 'Kill a step process that runs longer than this (default: no limit).' },
        },
      },
      load: async () => {
        const { LocalProcessOrchestrator } = await import('./local-process-orchestrator.js');
        return { create: (context) => new LocalProcessOrchestrator(context.config) };
      },
    },
  ];
}
