// Driving the dashboard in a test: log in through its form, open a page and wait until it has
// loaded, check it with axe, take a screenshot for the README.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../helpers/sandbox.js';

export const WIDE = { width: 1280, height: 900 };
export const NARROW = { width: 390, height: 844 };

export async function loggedInPage(browser: Browser, url: string, username: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: WIDE });
  const page = await context.newPage();
  await page.goto(`${url}/runs`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return page;
}

/** Opens a dashboard URL (a full load, as a shared link would) and waits until nothing is loading. */
export async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await settle(page);
}

export async function settle(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction("!/Loading /.test(document.querySelector('main')?.textContent ?? 'Loading ')", undefined, { timeout: 15_000 });
}

/** axe-core's serious and critical findings on the page, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`);
}

export async function assertAccessible(page: Page, where: string): Promise<void> {
  const found = await seriousViolations(page);
  assert.deepEqual(found, [], `axe on ${where} at ${page.viewportSize()?.width} px`);
}

/** The page fits the viewport's width (nothing but inner scroll areas scroll sideways). */
export async function assertNoSideScroll(page: Page, where: string): Promise<void> {
  const { scroll, width } = await page.evaluate<{ scroll: number; width: number }>('({ scroll: document.documentElement.scrollWidth, width: window.innerWidth })');
  assert.ok(scroll <= width + 1, `${where} at ${width} px scrolls sideways (${scroll} px wide)`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(REPO_ROOT, 'docs', 'images');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `dashboard-${name}.png`) });
}
