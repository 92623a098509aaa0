import type { FlavorHookResult } from 'zenml/plugin';

/** The `zenml:flavors` hook of this plugin: two alerter flavors, `webhook` and `log`. */
export default async function flavors(): Promise<FlavorHookResult> {
  return [
    {
      name: 'webhook',
      type: 'alerter',
      description: 'POSTs each message as JSON (message, title, pipeline, run, step) to a URL; Slack-compatible bodies on request. The URL may be a secret reference {{secret.key}}.',
      configSchema: {
        type: 'object',
        additionalProperties: false,
        required: ['url'],
        properties: {
          url: { type: 'string', minLength: 1, description: 'Where messages are POSTed (http or https); a {{secret.key}} reference keeps it out of the store.' },
          slackCompatible: { type: 'boolean', description: 'Send {"text": ...} as a Slack incoming webhook expects (default false).' },
          timeoutSeconds: { type: 'number', exclusiveMinimum: 0, description: 'Give up on a request after this long (default 10).' },
          headers: { type: 'object', additionalProperties: { type: 'string' }, description: 'Extra request headers (e.g. an Authorization header as a secret reference).' },
        },
      },
      load: async () => {
        const { WebhookAlerter } = await import('./webhook-alerter.js');
        return { create: (context) => new WebhookAlerter(context.name, context.config as unknown as import('./webhook-alerter.js').WebhookAlerterConfig) };
      },
    },
    {
      name: 'log',
      type: 'alerter',
      description: "Writes each message to the log: inside a step, the step's log (zenml pipeline runs logs).",
      configSchema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          prefix: { type: 'string', description: 'Put before every message (default "[alerter <name>]").' },
        },
      },
      load: async () => {
        const { LogAlerter } = await import('./log-alerter.js');
        return { create: (context) => new LogAlerter(context.name, context.config) };
      },
    },
  ];
}
