import { getZenContext } from '../context/zen-context.js';
import { registerComponent } from '../stack/component-service.js';
import { registerStack } from '../stack/stack-service.js';

interface ComponentChoice {
  flavor: string;
  config?: Record<string, unknown>;
}

/** Registers the components under test (the default ones fill the gaps) and a stack of them. */
export async function registerConformanceStack(choice: { orchestrator?: ComponentChoice; artifactStore?: ComponentChoice }): Promise<string> {
  const context = await getZenContext();
  const suffix = Math.random().toString(36).slice(2, 8);
  const orchestrator = choice.orchestrator
    ? (await registerComponent(context, { type: 'orchestrator', name: `conformance_${suffix}`, flavor: choice.orchestrator.flavor, config: choice.orchestrator.config })).name
    : 'default';
  const artifactStore = choice.artifactStore
    ? (await registerComponent(context, { type: 'artifact_store', name: `conformance_${suffix}`, flavor: choice.artifactStore.flavor, config: choice.artifactStore.config })).name
    : 'default';
  const stack = `conformance_${suffix}`;
  await registerStack(context, stack, { orchestrator, artifact_store: artifactStore });
  return stack;
}
