// The orchestrator conformance suite on local_docker: every step in its own container, on a
// private Docker engine with the offline base image.
import { tmpdir } from 'node:os';
import { describe } from 'node:test';
import { orchestratorConformance } from 'zenml/testing';
import { dockerGate, startDocker, type DockerService } from '../../../test/helpers/docker.js';

const gate = dockerGate();
const BASE_IMAGE = 'zenml-test-base:bookworm';

describe('local_docker', gate, () => {
  let engine: DockerService | undefined;
  orchestratorConformance({
    flavor: 'local_docker',
    // Offline: packages are copied as installed. The suite's markers live in its temp folder,
    // which its steps share with the test through a bind mount (ZenML's run_args volumes).
    config: { parentImage: BASE_IMAGE, installDependencies: 'copy', volumes: [tmpdir()] },
    beforeRuns: async () => {
      engine = startDocker();
      return async () => engine?.stop();
    },
    stepTimeout: { config: { stepTimeoutSeconds: 15 }, seconds: 15 },
  });
});
