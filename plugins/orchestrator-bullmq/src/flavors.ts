import type { FlavorHookResult, StackValidationInput } from 'zenml/plugin';

/** The `zenml:flavors` hook of this plugin: one orchestrator flavor, `bullmq`. */
export default async function flavors(): Promise<FlavorHookResult> {
  return [
    {
      name: 'bullmq',
      type: 'orchestrator',
      description: 'Queues each step as a BullMQ job on Redis when its upstream steps finished; `zenml worker start` runs them on any machine.',
      configSchema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          redisUrl: { type: 'string', minLength: 1, description: 'Redis to queue on, e.g. redis://host:6379/0 (usually a secret reference: {{redis.url}}). Default: redis://127.0.0.1:6379.' },
          queue: { type: 'string', minLength: 1, pattern: '^[^:]+$', description: "Queue name; workers of stacks with the same Redis and queue share the work (default 'zenml')." },
          attempts: { type: 'integer', minimum: 1, description: 'Attempts of a step that sets no retry config of its own (default 1); a step with `retry` gets maxRetries + 1.' },
          concurrency: { type: 'integer', minimum: 1, description: 'Steps one worker runs at once (default: number of CPUs); `zenml worker start --concurrency` overrides it.' },
        },
      },
      validateStack: sharedArtifactStoreProblem,
      load: async () => {
        const { BullmqOrchestrator } = await import('./bullmq-orchestrator.js');
        return { create: (context) => new BullmqOrchestrator(context.config) };
      },
    },
  ];
}

/** Workers may run on other machines: an artifact store on this machine's disk only works when they share it. */
export function sharedArtifactStoreProblem(stack: StackValidationInput): string | undefined {
  const artifactStore = stack.components.artifact_store;
  if (!artifactStore || artifactStore.flavor !== 'local' || artifactStore.config.sharedFilesystem === true) return undefined;
  return `the bullmq orchestrator runs steps on workers, so its artifact store must be one they share: the local artifact store '${artifactStore.name}' does not set sharedFilesystem: true (register one that does with \`zenml artifact-store register shared --flavor local --sharedFilesystem=true\`, on a folder every worker mounts, or use s3).`;
}
