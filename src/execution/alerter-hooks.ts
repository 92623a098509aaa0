import { errorMessage } from '../core/errors.js';
import { getStepContext } from '../context/step-context.js';
import type { StepContextState } from '../context/step-context.js';
import type { Alerter } from '../core/alerter.js';

/**
 * Ready-made step hooks that post to the stack's alerter (ZenML's `alerter_failure_hook` and
 * `alerter_success_hook`): `step({ onFailure: alerterFailureHook })`, or in a run config
 * `on_failure: zenml:alerterFailureHook`. Without an alerter in the stack they warn and post nothing.
 */
export async function alerterFailureHook(error: Error): Promise<void> {
  const context = getStepContext() as StepContextState;
  const alerter = await stackAlerter(context, 'alerterFailureHook');
  if (!alerter) return;
  const exception = `(${error?.name ?? 'Error'}) ${errorMessage(error)}`;
  await alerter.post(`${notification(context, 'Failure Hook Notification! Step failed!')}\nException: \`${redact(context, exception)}\``, { title: `Step '${context.invocationId}' failed` });
}

export async function alerterSuccessHook(): Promise<void> {
  const context = getStepContext() as StepContextState;
  const alerter = await stackAlerter(context, 'alerterSuccessHook');
  if (!alerter) return;
  await alerter.post(notification(context, 'Success Hook Notification! Step completed successfully.'), { title: `Step '${context.invocationId}' succeeded` });
}

async function stackAlerter(context: StepContextState, hook: string): Promise<Alerter | undefined> {
  const alerter = await context.stack?.alerter();
  if (!alerter) process.stderr.write(`Warning: ${hook}: the stack has no alerter, so nothing was posted. Add one: zenml alerter register NAME --flavor log && zenml stack update STACK --alerter NAME.\n`);
  return alerter;
}

function notification(context: StepContextState, headline: string): string {
  return [
    `*${headline}*`,
    `Pipeline name: \`${context.pipeline.name}\``,
    `Run name: \`${context.pipelineRun.name}\``,
    `Step name: \`${context.invocationId}\``,
    `Parameters: \`${redact(context, JSON.stringify(context.stepRun.parameters ?? {}))}\``,
  ].join('\n');
}

const redact = (context: StepContextState, text: string) => (context.redactor ? context.redactor.text(text) : text);
