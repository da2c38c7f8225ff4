import ExcelJS from 'exceljs';
import type { Browser, BrowserContext } from 'playwright-core';
import { mintDemoToken } from '@coalition/demo';
import { makeEvidencePackage } from '@coalition/gateway';
import JSZip from 'jszip';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCoalition } from '../support/coalition';
import { graphql, tokens } from '../support/graphql';
import { launchChromium, screenshot, seriousViolations, signInAs, tableRows, watchedPage } from '../support/browser';

/**
 * The dashboard as its users meet it: Debian's chromium driving the pages the gateway serves, over
 * a real coalition (three partners, each on its own database). Figures on screen are compared with
 * what the GraphQL API answers the same role; screenshots go to tests/screenshots/ (git-ignored).
 */
jest.setTimeout(600_000);

const TOTAL = `query($code: String!, $period: IndicatorPeriod!, $compareTo: IndicatorPeriod, $release: String) {
  networkIndicator(code: $code, period: $period, compareTo: $compareTo, release: $release) {
    code kind release { id } total { current { people value suppressed } previous { people value suppressed } }
  }
}`;
const BREAKDOWN = `query($code: String!, $by: [Dimension!]!) {
  networkIndicator(code: $code, period: { programYear: 2024 }, by: $by) {
    code release { id } cells { values { value } current { people numerator value suppressed } } total { current { people value } }
  }
}`;
const APPROVE = 'mutation($year: Int!) { approveRelease(period: { programYear: $year }, note: "dashboard test") { id } }';
const APPROVAL = 'query($id: ID!) { releaseApproval(id: $id) { status error } }';

type Coalition = Awaited<ReturnType<typeof startTestCoalition>>;

let coalition: Coalition;
let browser: Browser;
let base: string;
let partnerIds: string[];
let earlierRelease: Promise<void>;
const outDir = mkdtempSync(join(tmpdir(), 'evidence-'));
const contexts: BrowserContext[] = [];

async function approveByApi(year: number): Promise<void> {
  const started = await graphql(coalition.gateway.url, APPROVE, { year }, { token: tokens.releaser() });
  const id = started.data?.approveRelease.id;
  if (!id) throw new Error(`approval of PY${year} refused: ${JSON.stringify(started.errors)}`);
  for (;;) {
    const { status, error } = (await graphql(coalition.gateway.url, APPROVAL, { id }, { token: tokens.releaser() })).data.releaseApproval;
    if (status === 'APPROVED') return;
    if (status === 'FAILED') throw new Error(`approval of PY${year} failed: ${error}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** Every page in its own context: its own sessionStorage, so nobody is signed in yet. */
const newPage = () => watchedPage(browser, contexts, { acceptDownloads: true });

/** Where two texts first differ, with some context; undefined when they are the same. */
function firstDifference(a: string, b: string): string | undefined {
  if (a === b) return undefined;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i} of ${a.length}/${b.length}: ${JSON.stringify(a.slice(Math.max(0, i - 80), i + 80))} vs ${JSON.stringify(b.slice(Math.max(0, i - 80), i + 80))}`;
}

const round1 = (value: number | null) => (value === null ? '–' : String(Math.round(value * 10) / 10));

beforeAll(async () => {
  // The demo coalition serves the dashboard with its tokens, as `npm start` does.
  coalition = await startTestCoalition('dashboard');
  partnerIds = [...coalition.partners.keys()];
  base = coalition.gateway.url.replace(/\/graphql$/, '');
  browser = await launchChromium();
  // The year before is approved through the API while the first test approves PY2024 on screen.
  earlierRelease = approveByApi(2023);
  earlierRelease.catch(() => undefined);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await coalition?.dispose();
  rmSync(outDir, { recursive: true, force: true });
});

describe('the dashboard, in chromium, against a running coalition', () => {
  it('a backbone analyst sees live figures equal to the API and approves PY2024 for funders from the overview, with progress', async () => {
    const { page, errors } = await newPage();
    await signInAs(page, base, 'Backbone analyst');
    await page.getByTestId('value-EMP_Q2').waitFor();
    const rows = await tableRows(page, 'Headline indicators');
    const live = (await graphql(coalition.gateway.url, TOTAL, { code: 'EMP_Q2', period: { programYear: 2024 }, compareTo: { programYear: 2023 } })).data
      .networkIndicator;
    const row = rows.find((r) => r[1] === 'EMP_Q2')!;
    expect(row.slice(4, 6)).toEqual([round1(live.total.current.value), String(live.total.current.people)]);
    await expect(page.getByTestId('source').innerText()).resolves.toContain('Live figures');
    await screenshot(page, 'backbone-overview');

    await page.getByRole('button', { name: 'Approve PY2024 for funders' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Computing figures|Auditing/ })
      .first()
      .waitFor();
    await page.getByTestId('approval-done').waitFor({ timeout: 480_000 });
    await expect(page.getByTestId('approval-done').innerText()).resolves.toMatch(/Approved: release rel_/);
    await earlierRelease;
    expect(errors).toEqual([]);
  });

  it("a funder reads the release: every headline number on screen is the API's answer to a funder", async () => {
    const { page, errors } = await newPage();
    await signInAs(page, base, 'Funder');
    await page.getByTestId('value-EMP_Q2').waitFor();
    const funder = tokens.funder(partnerIds);
    const releases = (await graphql(coalition.gateway.url, '{ releases(period: { programYear: 2024 }) { id } }', {}, { token: funder })).data.releases;
    await expect(page.getByTestId('release-id').innerText()).resolves.toBe(releases[0].id);
    const rows = await tableRows(page, 'Headline indicators');
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const row of rows) {
      const answer = (
        await graphql(coalition.gateway.url, TOTAL, { code: row[1], period: { programYear: 2024 }, compareTo: { programYear: 2023 } }, { token: funder })
      ).data.networkIndicator;
      const shown = (figure: { value: number | null; people: number | null; suppressed: boolean }) =>
        figure.suppressed ? ['Suppressed', 'Suppressed'] : [round1(figure.value), String(figure.people)];
      expect({ code: row[1], screen: row.slice(4, 8) }).toEqual({ code: row[1], screen: [...shown(answer.total.current), ...shown(answer.total.previous)] });
      expect(answer.release.id).toBe(releases[0].id);
    }
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'funder-overview');
    // The earliest release has no released year before it: its figures show, without a comparison.
    await page.goto(`${base}/dashboard/#/overview?year=2023`);
    await page.getByTestId('value-EMP_Q2').waitFor();
    await expect(page.getByText('no comparison: PY2022 has not been released').first().isVisible()).resolves.toBe(true);
    expect(await page.getByText('The gateway refused or failed this request').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('equity: suppressed cells read as suppressed, with their reason on keyboard focus, and the XLSX download equals the screen', async () => {
    const funder = tokens.funder(partnerIds);
    // A breakdown of the release in which the funder has both shown and suppressed cells.
    let chosen: { code: string; by: string; answer: any } | undefined;
    for (const code of ['COMPLETION', 'EMP_Q2', 'CRED_1Y', 'MSG']) {
      for (const by of ['SEX', 'RACE_GROUP', 'AGE_BAND']) {
        const answer = (await graphql(coalition.gateway.url, BREAKDOWN, { code, by: [by] }, { token: funder })).data.networkIndicator;
        const cells = answer.cells.map((c: any) => c.current.suppressed);
        if (!chosen && cells.includes(true) && cells.includes(false)) chosen = { code, by, answer };
      }
    }
    expect(chosen).toBeDefined();
    const { page, errors } = await newPage();
    await signInAs(page, base, 'Funder', `#/equity?year=2024&indicator=${chosen!.code}&by=${chosen!.by}`);
    const rows = await tableRows(page, 'by');
    expect(rows).toHaveLength(chosen!.answer.cells.length + 1);
    for (const cell of chosen!.answer.cells) {
      const row = rows.find((r) => r[0].toUpperCase().replace(/ /g, '_') === cell.values[0].value)!;
      expect({ group: cell.values[0].value, row: row.slice(1) }).toEqual({
        group: cell.values[0].value,
        row: cell.current.suppressed
          ? ['Suppressed', 'Suppressed', 'Suppressed']
          : [String(cell.current.people), String(cell.current.numerator), round1(cell.current.value)],
      });
    }
    // Never a zero or a blank where the API suppressed a figure.
    const suppressed = page.locator('[data-suppressed="true"]');
    expect(await suppressed.count()).toBe(3 * chosen!.answer.cells.filter((c: any) => c.current.suppressed).length);
    await page.keyboard.press('Tab');
    await suppressed.first().focus();
    await expect(page.getByRole('tooltip').filter({ visible: true }).first().innerText()).resolves.toMatch(/protect privacy|withheld/);
    await screenshot(page, 'funder-equity');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download XLSX' }).click();
    const file = await (await download).path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const data = workbook.getWorksheet('Data')!;
    const sheetRows: string[][] = [];
    data.eachRow((row, n) => {
      if (n > 1) sheetRows.push((row.values as unknown[]).slice(1).map((v) => (v === 'suppressed' ? 'Suppressed' : String(v))));
    });
    expect(sheetRows).toEqual(rows);
    const notes: string[] = [];
    workbook.getWorksheet('Notes')!.eachRow((row) => {
      notes.push(String(row.getCell(1).value));
    });
    expect(notes.join('\n')).toContain(`Release ${chosen!.answer.release.id}`);
    expect(notes.join('\n')).toMatch(/definition version \d+/);
    expect(notes.join('\n')).toMatch(/"suppressed" marks them; it never means zero/);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('pathways and partners render for a funder, who is told data quality is not theirs to see', async () => {
    const { page, errors } = await newPage();
    await signInAs(page, base, 'Funder', '#/pathways?year=2024');
    await page.locator('[data-testid="funnel-withheld"], table').first().waitFor();
    await expect(page.getByTestId('release-id').innerText()).resolves.toMatch(/^rel_/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'funder-pathways');
    await page.getByRole('link', { name: 'Partners' }).click();
    await page.getByText('visible to the backbone and to each partner').waitFor();
    expect((await tableRows(page, 'Partners')).length).toBe(partnerIds.length);
    expect(await page.getByText('Reporting status and data quality').count()).toBe(0);
    await screenshot(page, 'funder-partners');
    expect(errors).toEqual([]);
  });

  it("partner staff see their own partner's data quality only, and cannot reach another partner's", async () => {
    const { page, errors } = await newPage();
    const own = partnerIds[0];
    await signInAs(page, base, 'Partner staff', '#/partners?year=2024');
    const quality = await tableRows(page, 'Reporting status and data quality');
    const ownName = coalition.demo.partners.find((p) => p.id === own)!.name;
    expect(quality.map((r) => r[0])).toEqual([ownName]);
    expect(['Submitted', 'Late', 'Not due yet']).toContain(quality[0][1]);
    // The same persisted operation for another partner, sent from the page with the viewer's token, is refused.
    const other = partnerIds[1];
    const refused: any = await page.evaluate(
      async ({ other }) => {
        const token = sessionStorage.getItem('coalition.token');
        const manifest: { operations: Array<{ name: string; id: string }> } = await (await fetch('/dashboard/persisted-operations.json')).json();
        const hash = manifest.operations.find((op: { name: string }) => op.name === 'PartnerHealth')?.id;
        const response = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            variables: { id: other, from: '2024-07-01', to: '2025-06-30' },
            extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
          }),
        });
        return response.json();
      },
      { other },
    );
    expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(refused.data?.partner?.dataQuality ?? null).toBeNull();
    await screenshot(page, 'staff-partners');
    // No breakdown by partner is offered to staff; asked for in the address, the page falls back to sex.
    await page.goto(`${base}/dashboard/#/equity?year=2024&indicator=EMP_Q2&by=PARTNER`);
    await page.locator('table', { has: page.locator('caption', { hasText: 'by Sex' }) }).waitFor();
    await expect(page.getByLabel('By').locator('option').allTextContents()).resolves.toEqual(['Sex', 'Race group', 'Age band']);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the evidence package of a release: a PDF with every section and a workbook with every table, the same bytes twice but for creation times', async () => {
    const release = (await graphql(coalition.gateway.url, '{ releases(period: { programYear: 2024 }) { id approvedAt } }', {}, { token: tokens.releaser() }))
      .data.releases[0];
    const made = [];
    for (const run of ['first', 'second']) {
      made.push(await makeEvidencePackage({ gateway: base, token: tokens.releaser(), release: release.id, outDir: join(outDir, run) }));
    }
    expect(made[0].missing).toEqual([]);
    const pdf = made.map((m) => readFileSync(m.pdf));
    expect(pdf[0].subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdf[0].toString('latin1');
    // Each section starts a page and is an entry of the PDF's outline.
    for (const section of [
      'Evidence package, PY2024',
      'Headline indicators',
      'Equity',
      'Pathways',
      'Pre/post changes',
      'Data quality and reporting',
      'Methods',
    ]) {
      expect({ section, inOutline: text.includes(`/Title (${section.replace(/[()\\/]/g, (c) => `\\${c}`)})`) || text.includes(`/Title (${section})`) }).toEqual(
        { section, inOutline: true },
      );
    }
    expect((text.match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(7);
    const undated = (bytes: Buffer) => bytes.toString('latin1').replace(/\/(CreationDate|ModDate) \(D:[^)]*\)/g, '');
    expect(firstDifference(undated(pdf[1]), undated(pdf[0]))).toBeUndefined();

    const entries = async (path: string) => {
      const zip = await JSZip.loadAsync(readFileSync(path));
      return Promise.all(
        Object.keys(zip.files)
          .sort()
          .map(async (name) => [name, await zip.file(name)?.async('string')]),
      );
    };
    expect(await entries(made[1].xlsx)).toEqual(await entries(made[0].xlsx));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(made[0].xlsx);
    const sheets = workbook.worksheets.map((w) => w.name);
    expect(sheets[0]).toBe('1 Cover');
    expect(sheets).toContain('Notes');
    expect(sheets.some((name) => name.includes('Headline indicators'))).toBe(true);
    expect(sheets.some((name) => name.includes('Reporting status'))).toBe(true);
    expect(workbook.created.toISOString().slice(0, 19)).toBe(release.approvedAt.slice(0, 19));
    // The workbook's numbers are the release's: EMP_Q2's row against the API.
    const headline = workbook.worksheets.find((w) => w.name.includes('Headline indicators'))!;
    const row = headline.getRows(2, headline.rowCount - 1)!.find((r) => r.getCell(2).value === 'EMP_Q2')!;
    const answer = (
      await graphql(coalition.gateway.url, TOTAL, { code: 'EMP_Q2', period: { programYear: 2024 }, release: release.id }, { token: tokens.releaser() })
    ).data.networkIndicator;
    expect([row.getCell(5).value, row.getCell(6).value]).toEqual([Math.round(answer.total.current.value * 10) / 10, answer.total.current.people]);
  });

  it('only persisted operations leave the pages, nothing is fetched from another origin, and no address carries a token', async () => {
    const { page, requests, errors } = await newPage();
    await signInAs(page, base, 'Funder');
    for (const view of ['overview', 'equity', 'pathways', 'partners']) {
      await page.goto(`${base}/dashboard/#/${view}?year=2024`);
      await page.locator('.panel, .notice').first().waitFor();
    }
    const origin = new URL(base).origin;
    expect(requests.filter((r) => !r.url.startsWith(origin) && !r.url.startsWith('data:') && !r.url.startsWith('blob:'))).toEqual([]);
    const operations = requests.filter((r) => r.url === `${origin}/graphql`).map((r) => JSON.parse(r.body ?? '{}'));
    expect(operations.length).toBeGreaterThan(8);
    for (const body of operations) {
      expect(body.query).toBeUndefined();
      expect(body.extensions.persistedQuery.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
    }
    const token = await page.evaluate(() => sessionStorage.getItem('coalition.token'));
    expect(token).toBeTruthy();
    expect(requests.filter((r) => r.url.includes(token!))).toEqual([]);
    expect(page.url()).not.toContain(token!);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(token!);
    expect(errors).toEqual([]);
  });

  it('an expired session goes back to sign-in with a message; a refused request shows its message and code, never a blank page', async () => {
    const { page } = await newPage();
    const stale = mintDemoToken({ sub: 'stale-funder', role: 'funder', portfolio: partnerIds }, { expiresIn: -60 });
    await page.goto(`${base}/dashboard/`);
    await page.getByText('Use a token').click();
    await page.getByLabel('Token (JWT)').fill(stale);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'expired' }).waitFor();

    // A token that expires while the viewer works: back to sign-in when it does, saying why.
    const short = mintDemoToken({ sub: 'short-funder', role: 'funder', portfolio: partnerIds }, { expiresIn: 8 });
    await page.getByLabel('Token (JWT)').fill(short);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('role').waitFor();
    await page.getByRole('alert').filter({ hasText: 'Your session has expired' }).waitFor({ timeout: 20_000 });
    await expect(page.getByRole('button', { name: 'Funder', exact: true }).isVisible()).resolves.toBe(true);
    // A token the gateway does not accept (another signer): the first refusal ends the session, with the gateway's reason.
    const forged = mintDemoToken({ sub: 'forged', role: 'backbone_analyst' }, { secret: 'not-the-coalition-secret-not-the-coalition-secret' });
    await page.getByText('Use a token').click();
    await page.getByLabel('Token (JWT)').fill(forged);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Your session has ended' }).waitFor();
    await screenshot(page, 'expired-session');

    await signInAs(page, base, 'Backbone analyst', '#/equity?year=2024&indicator=NO_SUCH_INDICATOR');
    const error = page.getByRole('alert').filter({ hasText: 'The gateway refused or failed this request' });
    await error.waitFor();
    await expect(error.locator('code').innerText()).resolves.toBe('NOT_FOUND');
    await expect(error.innerText()).resolves.toContain('NO_SUCH_INDICATOR');
    await screenshot(page, 'gateway-error');
  });

  it('the GraphQL IDE is served by the gateway from npm packages and runs a query with the signed-in token', async () => {
    const { page, requests, errors } = await newPage();
    await signInAs(page, base, 'Backbone analyst');
    await page.goto(`${base}/graphql`, { waitUntil: 'load' });
    expect(page.url()).toBe(`${base}/dashboard/ide.html`);
    await page.locator('.graphiql-container').waitFor();
    // The editors load in chunks of their own: run the query once the editor shows it, again if a click came too early.
    await page.locator('.graphiql-query-editor').getByText('programType').first().waitFor({ timeout: 60_000 });
    const result = page.locator('.result-window').getByText('RETENTION_COACHING').first();
    for (let attempt = 0; attempt < 3 && !(await result.isVisible()); attempt++) {
      await page.getByRole('button', { name: /Execute query/ }).click();
      await result.waitFor({ timeout: 20_000 }).catch(() => undefined);
    }
    await result.waitFor({ timeout: 1_000 });
    await screenshot(page, 'ide');
    expect(requests.filter((r) => !r.url.startsWith(new URL(base).origin) && !r.url.startsWith('data:'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a suspended partner is listed with its status, and no error stands in for its data quality', async () => {
    const admin = { token: tokens.admin() };
    const register = `mutation { registerPartner(input: { id: "on-hold-services", name: "On Hold Services", programType: TRAINING }) { partner { id } } }`;
    expect((await graphql(coalition.gateway.url, register, {}, admin)).errors).toBeUndefined();
    const suspend = `mutation { suspendPartner(id: "on-hold-services", reason: "agreement lapsed") { status } }`;
    expect((await graphql(coalition.gateway.url, suspend, {}, admin)).data.suspendPartner.status).toBe('SUSPENDED');
    const { page, errors } = await newPage();
    await signInAs(page, base, 'Backbone analyst', '#/partners?year=2024');
    const directory = await tableRows(page, 'Partners');
    expect(directory.find((row) => row[1] === 'on-hold-services')).toEqual(['On Hold Services', 'on-hold-services', 'Training', 'Suspended']);
    const quality = await tableRows(page, 'Reporting status and data quality');
    expect(quality.find((row) => row[0] === 'On Hold Services')?.slice(0, 2)).toEqual(['On Hold Services', 'Suspended: not asked']);
    expect(quality.filter((row) => String(row[1]).startsWith('error'))).toEqual([]);
    expect(await page.locator('.error[role="alert"]').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('a stopped partner shows as a coverage banner naming it, never as silently smaller totals', async () => {
    const { page, errors } = await newPage();
    const stopped = partnerIds[2];
    await coalition.stopPartner(stopped);
    await signInAs(page, base, 'Backbone analyst');
    const banner = page.getByTestId('coverage-banner');
    await banner.waitFor();
    await expect(banner.innerText()).resolves.toContain(coalition.demo.partners.find((p) => p.id === stopped)!.name);
    await expect(banner.innerText()).resolves.toMatch(/2 of 3 partners answered/);
    await screenshot(page, 'partner-down');
    expect(errors).toEqual([]);
  });
});
