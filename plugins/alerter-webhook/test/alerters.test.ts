// The webhook and log alerters against a real HTTP server on 127.0.0.1 started here.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import flavors from '../src/flavors.js';
import type { Alerter } from 'zenml/plugin';

type Handler = (body: Record<string, unknown>, response: ServerResponse, request: IncomingMessage) => void;

describe('alerter flavors', () => {
  let server: Server;
  let base: string;
  let handler: Handler = (_body, response) => response.writeHead(200).end('{}');
  const bodies: Array<{ body: Record<string, unknown>; headers: IncomingMessage['headers'] }> = [];

  const create = async (flavor: string, config: Record<string, unknown>): Promise<Alerter> => {
    const descriptor = (await flavors()).find((f) => f.name === flavor)!;
    return (await descriptor.load()).create({ id: 'id', name: `my_${flavor}`, config, configDir: '/nonexistent' }) as Alerter;
  };

  before(async () => {
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        const body = JSON.parse(text);
        bodies.push({ body, headers: request.headers });
        handler(body, response, request);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  test('webhook posts JSON with the message, title, pipeline, run and step, and extra headers', async () => {
    const alerter = await create('webhook', { url: `${base}/hook`, headers: { authorization: 'Bearer abc' } });
    assert.equal(await alerter.post('model ready', { title: 'Training', pipeline: 'p', run: 'r', step: 's', channel: 'ml' }), true);
    const { body, headers } = bodies.at(-1)!;
    assert.deepEqual(body, { type: 'message', message: 'model ready', title: 'Training', pipeline: 'p', run: 'r', step: 's', channel: 'ml' });
    assert.equal(headers.authorization, 'Bearer abc');
    assert.equal(headers['content-type'], 'application/json');
  });

  test('slackCompatible sends the {text} body a Slack incoming webhook takes, and cannot ask', async () => {
    const alerter = await create('webhook', { url: `${base}/slack`, slackCompatible: true });
    await alerter.post('model ready', { title: 'Training', pipeline: 'p', step: 's' });
    assert.deepEqual(bodies.at(-1)!.body, { text: '*Training*\nmodel ready\n_pipeline p · step s_' });
    await assert.rejects(alerter.ask!('deploy?'), /Slack-compatible: a Slack webhook cannot answer/);
  });

  test('ask resolves with the reply\'s approved, false for anything else', async () => {
    const alerter = await create('webhook', { url: `${base}/ask` });
    handler = (body, response) => response.writeHead(200).end(JSON.stringify({ approved: body.message === 'deploy?' }));
    assert.equal(await alerter.ask!('deploy?'), true);
    assert.equal(bodies.at(-1)!.body.type, 'question');
    assert.equal(await alerter.ask!('delete everything?'), false);
    handler = (_body, response) => response.writeHead(200).end('not json');
    assert.equal(await alerter.ask!('deploy?'), false);
  });

  test('an error answer or a timeout is an error that names the host, never the URL with its token', async () => {
    handler = (_body, response) => response.writeHead(500).end();
    const alerter = await create('webhook', { url: `${base}/T000/s3cr3t`, timeoutSeconds: 0.3 });
    await assert.rejects(alerter.post('x'), (error: Error) => /answered 500/.test(error.message) && !error.message.includes('s3cr3t'));
    handler = () => undefined; // never answers
    await assert.rejects(alerter.post('x'), (error: Error) => /no answer within 0.3 s/.test(error.message) && !error.message.includes('s3cr3t'));
    handler = (_body, response) => response.writeHead(200).end('{}');
  });

  test('a URL that is not http(s) is refused without echoing it', async () => {
    await assert.rejects(create('webhook', { url: 'ftp://s3cr3t@host/x' }), (error: Error) => /not an http\(s\) URL/.test(error.message) && !error.message.includes('s3cr3t'));
  });

  test('log writes the message with where it comes from to stderr (a step log when inside a step)', async () => {
    const alerter = await create('log', {});
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      assert.equal(await alerter.post('done', { title: 'Run', pipeline: 'p', run: 'r', step: 's' }), true);
    } finally {
      process.stderr.write = write;
    }
    assert.deepEqual(written, ['[alerter my_log] (p / r / s) Run: done\n']);
    assert.equal(alerter.ask, undefined, 'the log alerter cannot ask');
  });
});
