import type { FlavorHookResult } from 'zenml/plugin';

/** The `zenml:flavors` hook of this plugin: orchestrator `local_docker`, image builder `local`, container registry `default`. */
export default async function flavors(): Promise<FlavorHookResult> {
  return [
    {
      name: 'local_docker',
      type: 'orchestrator',
      description: 'Runs each step in its own Docker container, from an image built from the project (zenml step-entrypoint), on this machine.',
      configSchema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          parentImage: { type: 'string', minLength: 1, description: 'Image the pipeline images build FROM unless settings.docker.parentImage says otherwise (it must have node).' },
          installDependencies: { type: 'string', enum: ['npm-ci', 'copy'], description: "How the project's dependencies get into images unless settings.docker says otherwise: npm-ci (default) or copy (as installed here; no npm registry needed)." },
          volumes: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Extra bind mounts for step containers, HOST[:CONTAINER[:ro]].' },
          maxParallelism: { type: 'integer', minimum: 1, description: 'Most step containers running at once (default: number of CPUs).' },
          stepTimeoutSeconds: { type: 'integer', minimum: 1, description: 'Remove a step container that runs longer than this (default: no limit).' },
          keepContainers: { type: 'boolean', description: 'Keep step containers after they end, for docker inspect/logs (default: false).' },
        },
      },
      load: async () => {
        const { LocalDockerOrchestrator } = await import('./local-docker-orchestrator.js');
        return { create: (context) => new LocalDockerOrchestrator(context.config, context.configDir) };
      },
    },
    {
      name: 'local',
      type: 'image_builder',
      description: "Builds images with this machine's Docker engine (the docker CLI; DOCKER_HOST).",
      configSchema: { type: 'object', additionalProperties: false, properties: {} },
      load: async () => {
        const { LocalImageBuilder } = await import('./local-image-builder.js');
        return { create: () => new LocalImageBuilder() };
      },
    },
    {
      name: 'default',
      type: 'container_registry',
      description: 'Any container registry the Docker engine can push to and pull from.',
      configSchema: {
        type: 'object',
        additionalProperties: false,
        required: ['uri'],
        properties: { uri: { type: 'string', minLength: 1, pattern: '^[^\\s]+$', description: 'Registry URI: host[:port][/path], e.g. 127.0.0.1:5000 or ghcr.io/team.' } },
      },
      load: async () => {
        const { DefaultContainerRegistry } = await import('./default-container-registry.js');
        return { create: (context) => new DefaultContainerRegistry(String(context.config.uri)) };
      },
    },
  ];
}
