// The README's "Working as a team" guide, run line by line as printed: `npx zenml` is this
// repo's bin/run.js, port 8237 a free one, `<key>` the key `service-account create` printed.
// Then `zenml login --local`, which the guide names, from a fresh config dir.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, sh as runGuideLine } from '../helpers/guide-shell.js';
import { codeBlocks, markdownSection } from '../helpers/readme-section.js';
import { CLI, createSandbox, REPO_ROOT, runCli } from '../helpers/sandbox.js';

const sandbox = createSandbox('zenml-readme-team-');
const started: string[] = [];

after(async () => {
  // Every server the guide started, each by its own config dir's pid file.
  for (const configDir of started) await runCli(['server', 'stop'], { sandbox, env: { ZENML_CONFIG_DIR: configDir } });
  sandbox.cleanup();
});

const GUIDE_LINE_TIMEOUT_MS = 120_000;
const sh = (line: string, env: NodeJS.ProcessEnv) => runGuideLine(line, env, GUIDE_LINE_TIMEOUT_MS);

test('the "Working as a team" guide runs as printed', { timeout: 240_000 }, async () => {
  const section = markdownSection(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'), '### Working as a team');
  assert.ok(section, 'README.md has a "Working as a team" guide');
  const [block] = codeBlocks(section).filter((b) => b.lang === 'sh');
  const port = String(await freePort());
  const env: NodeJS.ProcessEnv = { ...sandbox.env };
  started.push(env.ZENML_CONFIG_DIR!);
  let apiKey = '';
  const outputs: string[] = [];
  for (const printed of block.code.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'))) {
    const line = printed.replaceAll('npx zenml', `"${process.execPath}" "${CLI}"`).replaceAll('8237', port).replaceAll('<key>', apiKey);
    const exported = /^export (\w+)=(.*)$/.exec(line);
    if (exported) {
      env[exported[1]] = exported[2].replace('$HOME', env.HOME!);
      continue;
    }
    const result = await sh(line, env);
    assert.equal(result.code, 0, `${printed}\n${result.stderr}`);
    outputs.push(result.stdout);
    if (printed.includes('service-account create')) apiKey = result.stdout.trim().split('\n').at(-1)!.trim();
  }

  // bob's list shows ada's quickstart run and that ada owns it; CI's list shows it too.
  const bobsList = JSON.parse(outputs.find((out) => out.trimStart().startsWith('{') && out.includes('"items"'))!) as { items: Array<{ pipelineName: string; owner?: string; status: string }> };
  const run = bobsList.items.find((item) => item.pipelineName === 'iris_training');
  assert.equal(run?.status, 'completed');
  const ada = await sh(`"${process.execPath}" "${CLI}" user describe ada --json`, { ...env, ZENML_STORE_URL: `http://127.0.0.1:${port}`, ZENML_STORE_API_KEY: apiKey });
  assert.equal(run?.owner, JSON.parse(ada.stdout).id);
  assert.match(outputs.at(-1)!, /iris_training/);
});

test('`zenml login --local` starts a server on the local store and logs in to it', { timeout: 120_000 }, async () => {
  const local = createSandbox('zenml-readme-local-');
  started.push(local.configDir);
  try {
    // A free port, not 8237: other servers may run on this machine.
    const login = await runCli(['login', '--local', '--port', String(await freePort())], { sandbox: local, env: { ZENML_DEFAULT_USER_PASSWORD: 'local-admin-pw' } });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /local server at http:\/\/127\.0\.0\.1:\d+ on the local store; logged in as 'default'/);
    const runs = await runCli(['pipeline', 'runs', 'list', '--json'], { sandbox: local });
    assert.equal(runs.code, 0, runs.stderr);
    await runCli(['server', 'stop'], { sandbox: local });
  } finally {
    local.cleanup();
  }
});
