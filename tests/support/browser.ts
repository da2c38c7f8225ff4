import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';

/** Debian's chromium, launched as the evidence command launches it (`.ci/run` installs it with apt). */
export { launchChromium } from '@coalition/gateway';

/** Where the test run writes its screenshots (git-ignored), for a reviewer to look at. */
export const SCREENSHOTS = join(__dirname, '..', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The source of axe-core, injected into a page to check it. */
export function axeSource(): string {
  return readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Serious and critical accessibility violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function seriousViolations(page: Page): Promise<Array<{ id: string; impact: string | null; help: string; targets: string[] }>> {
  // Evaluated through the DevTools protocol: the page's own policy (script-src 'self') rightly refuses inline scripts.
  await page.evaluate(axeSource());
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).flatMap((n) => n.target) }));
}

/** Signs in on the demo's sign-in page as a role, then opens a view of the dashboard at `base`. */
export async function signInAs(page: Page, base: string, role: 'Backbone analyst' | 'Funder' | 'Partner staff', hash = '#/overview?year=2024'): Promise<void> {
  await page.goto(`${base}/dashboard/`);
  await page.getByRole('button', { name: role, exact: true }).click();
  await page.getByTestId('role').waitFor();
  await page.goto(`${base}/dashboard/${hash}`);
}

/** The rows of the first table whose caption holds `caption`, as the screen shows them (text per cell). */
export async function tableRows(page: Page, caption: string): Promise<string[][]> {
  const table = page.locator('table', { has: page.locator('caption', { hasText: caption }) }).first();
  await table.waitFor();
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.children].map((cell) => (cell as HTMLElement).innerText.trim())));
}

/** A page in a context of its own (kept in `contexts` for closing), with the requests it sends and the errors it throws. */
export async function watchedPage(
  browser: Browser,
  contexts: BrowserContext[],
  options: BrowserContextOptions = {},
): Promise<{ page: Page; requests: Array<{ url: string; body: string | null }>; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  contexts.push(context);
  const page = await context.newPage();
  const requests: Array<{ url: string; body: string | null }> = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push({ url: request.url(), body: request.postData() }));
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, requests, errors };
}
