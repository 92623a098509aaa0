import { UsageError } from '../core/errors.js';
import type { CompiledPipeline } from '../core/step-config.js';
import type { ZenContext } from '../context/zen-context.js';
import type { PipelineBuildResult } from '../stack/orchestrator.js';
import { loadRunStack } from './launch-run.js';

/**
 * Builds (and, with a container registry in the stack, pushes) the images a run of this
 * pipeline would use, without running it: `zenml pipeline build FILE`. Only orchestrators that
 * run steps from images can; the others run the project's code as it is on this machine.
 */
export async function buildPipeline(compiled: CompiledPipeline, context: ZenContext): Promise<PipelineBuildResult & { stack: string }> {
  const stack = await loadRunStack(context, compiled.spec.stack);
  const orchestrator = await stack.orchestrator();
  if (!orchestrator.build) {
    throw new UsageError(
      `The orchestrator of stack '${stack.model.name}' (flavor ${stack.components.orchestrator.flavor}) runs steps without container images, so there is nothing to build.`,
      'Build on a stack whose orchestrator runs steps in containers (e.g. flavor local_docker): --stack <name>.',
    );
  }
  const result = await orchestrator.build({ spec: compiled.spec, stackComponent: (type) => stack.optionalComponent(type) });
  return { ...result, stack: stack.model.name };
}
