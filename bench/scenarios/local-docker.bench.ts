// Per-step cost of the local_docker orchestrator (a container running `zenml step-entrypoint`
// per step) over the in-process local orchestrator, against the floor of starting a bare
// container, `docker run --rm IMAGE true`, on the same private engine and image.
import { execFileSync } from 'node:child_process';
import { dockerProblem, startDocker } from '../../test/helpers/docker.js';
import { orchestratorChain } from '../lib/orchestrator-chain.js';
import { result } from '../lib/results.js';
import { median } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const STEPS = 4;
const RUNS = 2;

export default async function (): Promise<BenchResult[]> {
  const problem = dockerProblem();
  if (problem) throw new Error(`local-docker needs Docker: ${problem}`);
  const engine = startDocker();
  let dispose = async () => {};
  try {
    const chain = await orchestratorChain({
      pipelineName: 'bench_docker_chain',
      steps: STEPS,
      runs: RUNS,
      stack: 'dock',
      flavor: 'local_docker',
      config: { parentImage: engine.baseImage, installDependencies: 'copy' },
    });
    const { time } = chain;
    dispose = chain.dispose;
    const buildStarted = performance.now();
    await time('dock'); // builds the image once
    const firstRuns = performance.now() - buildStarted;
    await time('default'); // warm-up
    const local = await time('default');
    const docker = await time('dock');
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      execFileSync('docker', ['run', '--rm', '--network', 'host', engine.baseImage, 'true'], { env: { ...process.env, DOCKER_HOST: engine.host } });
      bare.push(performance.now() - started);
    }
    const floor = median(bare);
    const perStep = (docker - local) / STEPS;
    return [
      result({ scenario: 'local-docker', metric: `docker run --rm IMAGE true (median of ${RUNS})`, value: floor, unit: 'ms' }),
      result({ scenario: 'local-docker', metric: `${STEPS}-step run on local (median of ${RUNS})`, value: local, unit: 'ms' }),
      result({ scenario: 'local-docker', metric: `${STEPS}-step run on local_docker (median of ${RUNS})`, value: docker, unit: 'ms', floor: { name: 'local', value: local } }),
      result({
        scenario: 'local-docker',
        metric: 'local_docker overhead per step',
        value: perStep,
        unit: 'ms',
        floor: { name: 'docker run --rm IMAGE true', value: floor },
        note: `One container per step: container start, node and CLI start-up, store open, re-import of the pipeline. First ${RUNS} runs including the image build: ${Math.round(firstRuns)} ms.`,
      }),
    ];
  } finally {
    await dispose();
    engine.stop();
  }
}
