// The extension end to end in a real VS Code workbench (code-server 4.99.4 = VS Code 1.99.3),
// installed from the built .vsix and driven by playwright-core with Debian's Chromium.
// Screenshots go to docs/images/vscode-*.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { tmpdir } from 'node:os';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';
import { CHROMIUM, codeServerProblem, startWorkbench, type Workbench } from '../helpers/code-server.js';
import { freePort } from '../helpers/guide-shell.js';
import { createSandbox, REPO_ROOT, runCli, type Sandbox } from '../helpers/sandbox.js';
import { serviceGate } from '../helpers/service-gate.js';

const gate = serviceGate('VS Code (code-server + Chromium)', codeServerProblem());
const SHOTS = join(REPO_ROOT, 'docs', 'images');

const PIPELINE = `import { pipeline, step } from 'zenml';
const load = step({ name: 'load' }, () => [1, 2, 3, 4]);
const double = step({ name: 'double' }, ({ xs }: { xs: number[] }) => xs.map((x) => x * 2));
const total = step({ name: 'total' }, ({ a, b }: { a: number[]; b: number[] }) => a.length + b.length);
export const diamond = pipeline({ name: 'diamond', enableCache: false }, () => {
  const xs = load();
  total({ a: double({ xs }), b: double({ xs }, { id: 'double_again' }) });
});
`;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function runCommand(page: Page, label: string) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${label}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

describe('VS Code extension in a real workbench', { skip: gate.skip }, () => {
  let sandbox: Sandbox;
  let workbench: Workbench | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async () => {
    sandbox = createSandbox('zenml-vscode-e2e-');
    sandbox.write('pipeline.ts', PIPELINE);
    const registered = await runCli(['stack', 'register', 'other', '-o', 'default', '-a', 'default'], { sandbox });
    assert.equal(registered.code, 0, registered.stderr);
    workbench = await startWorkbench({ dir: join(sandbox.dir, 'vscode'), folder: sandbox.cwd, port: await freePort(), env: sandbox.env });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    await page.goto(workbench.url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    mkdirSync(SHOTS, { recursive: true });
  });

  // A failing test leaves a screenshot of the workbench in the temp dir, for the reason.
  afterEach(async (t) => {
    const failed = (t as unknown as { passed?: boolean }).passed === false;
    if (failed && page) await page.screenshot({ path: join(tmpdir(), `zenml-vscode-e2e-${t.name.slice(0, 20).replace(/\W+/g, '-')}.png`) }).catch(() => undefined);
  });

  after(async () => {
    await browser?.close();
    await workbench?.stop();
    sandbox?.cleanup();
  });

  // A tree row by its exact label (the first: a stack row comes before its components of the same name).
  const row = (view: string, label: string) =>
    page.locator(`.monaco-list[aria-label="${view}"] .monaco-list-row`).filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${label}\\s*$`) }) }).first();

  test('the Stacks view lists default and a registered stack; clicking one makes it active for `zenml status`', async () => {
    // The extension host starts well after the workbench on a busy machine.
    const container = page.locator('.activitybar a.action-label[aria-label="ZenML"]');
    await container.waitFor({ timeout: 120_000 });
    await container.click();
    await row('Stacks', 'default').waitFor({ timeout: 60_000 });
    await row('Stacks', 'other').waitFor({ timeout: 30_000 });
    assert.match(await row('Stacks', 'default').innerText(), /active/);
    const statusItem = page.locator('.statusbar-item', { hasText: 'default' }).first();
    await statusItem.waitFor({ timeout: 30_000 });
    // The status-bar item opens the stack quick pick.
    await statusItem.click();
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'other' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Escape');

    await row('Stacks', 'other').click();
    await until('zenml status to report other', async () => {
      const status = await runCli(['status', '--json'], { sandbox });
      return status.json().activeStack.name === 'other' ? true : undefined;
    });
    await row('Stacks', 'other').locator('.label-description', { hasText: 'active' }).waitFor({ timeout: 30_000 });
    await page.locator('.statusbar-item', { hasText: 'other' }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, 'vscode-stacks.png') });

    // The reverse: a switch in a terminal shows up in the editor.
    assert.equal((await runCli(['stack', 'set', 'default'], { sandbox })).code, 0);
    await row('Stacks', 'default').locator('.label-description', { hasText: 'active' }).waitFor({ timeout: 30_000 });
    await page.locator('.statusbar-item', { hasText: 'default' }).first().waitFor({ timeout: 30_000 });
  });

  test('a pipeline run made in a terminal appears in the Pipelines view with its status', async () => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('pipeline.ts');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'pipeline.ts' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tab', { hasText: 'pipeline.ts' }).waitFor({ timeout: 15_000 });
    await runCommand(page, 'ZenML: Run Pipeline in Current File');

    const run = await until('the run in the store', async () => {
      const runs = await runCli(['pipeline', 'runs', 'list', '--json'], { sandbox });
      const found = (runs.json() as { items: Array<{ name: string; status: string }> }).items.find((r) => r.status === 'completed');
      return found;
    }, 90_000);
    await row('Pipelines', 'diamond').waitFor({ timeout: 30_000 });
    if ((await row('Pipelines', 'diamond').getAttribute('aria-expanded')) !== 'true') await row('Pipelines', 'diamond').click();
    const runRow = row('Pipelines', run.name);
    await runRow.locator('.label-description', { hasText: 'completed' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, 'vscode-pipelines.png') });
  });

  test('the DAG webview opens with one node per step', async () => {
    const runs = (await runCli(['pipeline', 'runs', 'list', '--json'], { sandbox })).json() as { items: Array<{ name: string }> };
    await row('Pipelines', runs.items[0]!.name).click();
    const frame: FrameLocator = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const steps = frame.locator('[data-step-id]');
    await steps.first().waitFor({ timeout: 30_000 });
    const found = await steps.evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-step-id'), n.getAttribute('data-status')]));
    assert.deepEqual(found.sort(), [['double', 'completed'], ['double_again', 'completed'], ['load', 'completed'], ['total', 'completed']]);
    await page.screenshot({ path: join(SHOTS, 'vscode-dag.png') });
  });
});
