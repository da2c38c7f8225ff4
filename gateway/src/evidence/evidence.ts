import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './chromium';

export interface EvidenceOptions {
  /** The gateway's address, e.g. http://127.0.0.1:4000 (its /dashboard/ serves the report page). */
  gateway: string;
  /** The token of whoever makes the package: a funder's gives the funder's package, the backbone's adds data quality. */
  token: string;
  /** The release to report; without it, the live figures of `year` (the backbone only). */
  release?: string;
  year?: number;
  outDir: string;
  /** Progress lines; default none. */
  log?: (message: string) => void;
  /** How long the figures may take to load (default 10 minutes: a live package asks every partner). */
  timeoutMs?: number;
}

export interface EvidencePackage {
  pdf: string;
  xlsx: string;
  /** What the page could not load and left out, as it says on its cover. */
  missing: string[];
}

/**
 * A tagged PDF (its outline and structure, for screen readers) names each structure element
 * `(nodeNNNNNNNN)` after the DOM node it came from, and chromium numbers DOM nodes in the order
 * anything asked for them, which varies from run to run. Renumbering them by rank keeps their
 * order (the ID tree stays sorted) and their width (every byte offset stays right), so the same
 * release prints the same bytes but for the creation dates. No library rewrites these ids; a
 * PDF library would re-serialise the whole file.
 */
export function canonicalNodeIds(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const ids = [...new Set([...text.matchAll(/\(node(\d{8})\)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  const rank = new Map(ids.map((id, i) => [id, String(i + 1).padStart(8, '0')]));
  return Buffer.from(
    text.replace(/\(node(\d{8})\)/g, (_, id: string) => `(node${rank.get(Number(id))})`),
    'latin1',
  );
}

/**
 * The evidence package of a release: headless chromium opens the dashboard's own report page with
 * the caller's token, downloads the workbook it builds (every table, one sheet each) and prints the
 * page to PDF, so the PDF shows the same charts and tables as the screen. The token goes into the
 * page's session storage, never into an address.
 */
export async function makeEvidencePackage(options: EvidenceOptions): Promise<EvidencePackage> {
  const log = options.log ?? (() => undefined);
  if (!options.release && !options.year) throw new Error('Name a release (--release) or, for live figures, a program year (--year)');
  const base = new URL(options.gateway).origin;
  const name = `evidence-${options.release ?? `PY${options.year}-live`}`;
  mkdirSync(options.outDir, { recursive: true });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 1400 } });
    // Runs in the page (where sessionStorage exists), before the dashboard reads it.
    await context.addInitScript(
      (token) => (globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }).sessionStorage.setItem('coalition.token', token),
      options.token,
    );
    const page = await context.newPage();
    const hash = options.release ? `#/report?release=${encodeURIComponent(options.release)}` : `#/report?year=${options.year}&source=LIVE`;
    log(`opening ${base}/dashboard/${hash}`);
    await page.goto(`${base}/dashboard/${hash}`);
    const ready = page.locator('[data-report-ready]');
    const problem = page.locator('.error[role="alert"], .notice').first();
    const timeout = options.timeoutMs ?? 600_000;
    await Promise.race([ready.waitFor({ timeout }), problem.waitFor({ timeout })]);
    if (!(await ready.count())) throw new Error(`The report page did not load: ${(await problem.innerText()).trim()}`);
    const missing = await page
      .locator('[data-report-ready] .error[role="alert"]')
      .allInnerTexts()
      .then((texts) => texts.map((t) => t.trim()));
    log('figures loaded; writing the workbook');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download workbook (XLSX)' }).click();
    const xlsx = join(options.outDir, `${name}.xlsx`);
    await (await download).saveAs(xlsx);
    log('printing the PDF');
    const pdf = join(options.outDir, `${name}.pdf`);
    // Printed from a still copy of the finished page, with scripts off: chromium names a tagged
    // PDF's structure elements after DOM node ids, handed out in the order anything asked for
    // nodes (the click above, the accessibility tree catching up with the page's renders), which
    // varies from run to run. A page parsed in one go and touched by nothing else is numbered in
    // print order.
    const html = (await page.content()).replace(/<head>/i, `<head><base href="${base}/dashboard/">`);
    const still = await (await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 1400 } })).newPage();
    await still.setContent(html, { waitUntil: 'load' });
    await still.emulateMedia({ media: 'print' });
    const printed = await still.pdf({
      format: 'Letter',
      printBackground: true,
      outline: true,
      tagged: true,
      margin: { top: '0.6in', bottom: '0.7in', left: '0.6in', right: '0.6in' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;width:100%;text-align:center;color:#555">${name} · page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`,
    });
    writeFileSync(pdf, canonicalNodeIds(printed));
    return { pdf, xlsx, missing };
  } finally {
    await browser.close();
  }
}
