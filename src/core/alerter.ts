/**
 * What an alerter is told besides the message. Inside a step the stack's alerter fills
 * `pipeline`, `run` and `step` itself (see getStepContext().stack.alerter()).
 */
export interface AlerterParams {
  title?: string;
  pipeline?: string;
  run?: string;
  step?: string;
  /** Anything else a flavor understands (e.g. a channel). */
  [key: string]: unknown;
}

/** Sends messages to people (chat, e-mail, a webhook): ZenML's BaseAlerter. */
export interface Alerter {
  /** Posts a message; resolves true once it was delivered. */
  post(message: string, params?: AlerterParams): Promise<boolean>;
  /** Asks a question and resolves with the answer (approved or not); only flavors that can receive answers have it. */
  ask?(question: string, params?: AlerterParams): Promise<boolean>;
}
