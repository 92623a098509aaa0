import type { Alerter, AlerterParams } from 'zenml/plugin';

interface LogAlerterConfig {
  prefix?: string;
}

/**
 * Writes messages to stderr: inside a step that output is captured into the step's log, so
 * the message is stored beside the step's outputs and shown by `zenml pipeline runs logs`.
 * It cannot receive answers, so it has no `ask`.
 */
export class LogAlerter implements Alerter {
  private readonly prefix: string;

  constructor(name: string, config: LogAlerterConfig) {
    this.prefix = config.prefix ?? `[alerter ${name}]`;
  }

  async post(message: string, params: AlerterParams = {}): Promise<boolean> {
    const where = [params.pipeline, params.run, params.step].filter(Boolean).join(' / ');
    const title = params.title ? `${params.title}: ` : '';
    process.stderr.write(`${this.prefix}${where ? ` (${where})` : ''} ${title}${message}\n`);
    return true;
  }
}
