import { UsageError, ZenError, type Alerter, type AlerterParams } from 'zenml/plugin';

export interface WebhookAlerterConfig {
  url: string;
  slackCompatible?: boolean;
  timeoutSeconds?: number;
  headers?: Record<string, string>;
}

const DEFAULT_TIMEOUT_SECONDS = 10;

/**
 * POSTs every message as JSON: `{ type, message, title, pipeline, run, step, ...params }`, or
 * with `slackCompatible` the `{ text }` body a Slack incoming webhook takes. The URL (often a
 * secret itself, as Slack's are) never appears in an error. `ask` POSTs the question with
 * `type: "question"` and resolves with the reply's `approved` (true only when the endpoint
 * says so); a Slack webhook cannot answer, so a Slack-compatible one cannot ask.
 */
export class WebhookAlerter implements Alerter {
  private readonly url: URL;

  constructor(
    private readonly name: string,
    private readonly config: WebhookAlerterConfig,
  ) {
    let url: URL | undefined;
    try {
      url = new URL(config.url);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new UsageError(`The url of webhook alerter '${name}' is not an http(s) URL.`, `Set it with \`zenml alerter update ${name} --url https://...\` (a {{secret.key}} reference works).`);
    }
    this.url = url;
  }

  async post(message: string, params: AlerterParams = {}): Promise<boolean> {
    await this.send(this.body('message', message, params));
    return true;
  }

  async ask(question: string, params: AlerterParams = {}): Promise<boolean> {
    if (this.config.slackCompatible) {
      throw new UsageError(`Webhook alerter '${this.name}' is Slack-compatible: a Slack webhook cannot answer a question.`, 'Use post(), or an endpoint that replies {"approved": true|false}.');
    }
    const reply = await this.send(this.body('question', question, params));
    try {
      return (JSON.parse(reply) as { approved?: unknown }).approved === true;
    } catch {
      return false;
    }
  }

  private body(type: 'message' | 'question', text: string, params: AlerterParams): Record<string, unknown> {
    const { title, pipeline, run, step, ...rest } = params;
    if (this.config.slackCompatible) {
      const context = [pipeline && `pipeline ${pipeline}`, run && `run ${run}`, step && `step ${step}`].filter(Boolean).join(' · ');
      return { text: [title && `*${title}*`, text, context && `_${context}_`].filter(Boolean).join('\n') };
    }
    return { ...rest, type, message: text, title, pipeline, run, step };
  }

  private async send(body: Record<string, unknown>): Promise<string> {
    const timeout = (this.config.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.config.headers ?? {}) },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeout),
      });
    } catch (error) {
      const timedOut = (error as Error)?.name === 'TimeoutError';
      // The cause names the host at most; the URL (path and query hold tokens) is never shown.
      throw new ZenError(`Webhook alerter '${this.name}' could not reach ${this.url.host}: ${timedOut ? `no answer within ${timeout / 1000} s` : causeOf(error)}.`);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) throw new ZenError(`Webhook alerter '${this.name}': ${this.url.host} answered ${response.status} ${response.statusText}.`);
    return text;
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? 'the request failed';
}
