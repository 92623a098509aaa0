import { after } from 'node:test';
import { orchestratorConformance } from 'zenml/testing';
import { redisGate, startRedis } from '../../../test/helpers/redis.js';
import { startWorkers } from './workers.js';

// The shipped orchestrator suite on bullmq, its steps run by 2 workers (other processes)
// sharing this suite's store and a local artifact store marked shared.
if (!redisGate().skip) {
  const redis = startRedis();
  after(() => redis.stop());
  orchestratorConformance({
    flavor: 'bullmq',
    config: { redisUrl: redis.url, queue: `conformance-${process.pid}` },
    artifactStore: { flavor: 'local', config: { sharedFilesystem: true } },
    beforeRuns: async (stack) => {
      const workers = await startWorkers(2, { stack, env: process.env });
      return () => workers.stop();
    },
  });
}
