import type { Browser, BrowserContext } from 'playwright-core';
import { startTestCoalition } from '../support/coalition';
import { graphql, tokens } from '../support/graphql';
import { launchChromium, screenshot, seriousViolations, signInAs, tableRows, watchedPage } from '../support/browser';

/**
 * The dashboard's Themes view in chromium, over a real coalition of three partners whose free-text
 * answers are coded at start: every number on screen is the gateway's networkThemes answer to the
 * same role, for the exit and the intake wave; a funder reads the approved release and sees
 * suppressed figures as "Suppressed"; the text of answers never reaches the page.
 */
jest.setTimeout(600_000);

const FIGURE = 'people numerator value suppressed';
const THEMES = `query($wave: Wave, $by: [Dimension!], $release: String) {
  networkThemes(codebook: "WORKFORCE_BARRIERS", wave: $wave, period: { programYear: 2024 }, by: $by, release: $release) {
    version wave release { id }
    themes { code label kind figures { total { current { ${FIGURE} } } cells { values { dimension value } current { ${FIGURE} } } } }
  }
}`;
const APPROVE = 'mutation { approveRelease(period: { programYear: 2024 }, note: "themes view test") { id } }';
const APPROVAL = 'query($id: ID!) { releaseApproval(id: $id) { status error } }';

type Coalition = Awaited<ReturnType<typeof startTestCoalition>>;
interface Figure {
  people: number | null;
  numerator: number | null;
  value: number | null;
  suppressed: boolean;
}
interface Theme {
  code: string;
  label: string;
  kind: string;
  figures: { total: { current: Figure }; cells: Array<{ values: Array<{ dimension: string; value: string }>; current: Figure }> };
}

let coalition: Coalition;
let browser: Browser;
let base: string;
let partnerIds: string[];
let release: Promise<string>;
const contexts: BrowserContext[] = [];

async function approveByApi(): Promise<string> {
  const started = await graphql(coalition.gateway.url, APPROVE, {}, { token: tokens.releaser() });
  const id = started.data?.approveRelease.id;
  if (!id) throw new Error(`approval of PY2024 refused: ${JSON.stringify(started.errors)}`);
  for (;;) {
    const { status, error } = (await graphql(coalition.gateway.url, APPROVAL, { id }, { token: tokens.releaser() })).data.releaseApproval;
    if (status === 'APPROVED') return id;
    if (status === 'FAILED') throw new Error(`approval of PY2024 failed: ${error}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function themesAnswer(token: string, variables: Record<string, unknown>) {
  const answer = await graphql(coalition.gateway.url, THEMES, variables, { token });
  expect(answer.errors).toBeUndefined();
  return answer.data.networkThemes as { version: number; wave: string; release: { id: string } | null; themes: Theme[] };
}

const newPage = () => watchedPage(browser, contexts);

const round1 = (value: number | null) => (value === null ? '–' : String(Math.round(value * 10) / 10));
const KIND = { BARRIER: 'Barrier', HELP: 'Helped' } as Record<string, string>;
/** A figure as the table shows it: people mentioning, respondents, percent; or three times "Suppressed". */
const shown = (f: Figure) => (f.suppressed ? ['Suppressed', 'Suppressed', 'Suppressed'] : [String(f.numerator), String(f.people), round1(f.value)]);
/** The summary table the view should show for an answer: barriers first, then what helped. */
const expectedRows = (themes: Theme[]) =>
  [...themes.filter((t) => t.kind === 'BARRIER'), ...themes.filter((t) => t.kind === 'HELP')].map((t) => [
    t.label,
    KIND[t.kind],
    ...shown(t.figures.total.current),
  ]);

beforeAll(async () => {
  // codeAnswersAtStart is left at its default: every partner's answers are coded before it serves.
  coalition = await startTestCoalition('dashthemes');
  partnerIds = [...coalition.partners.keys()];
  base = coalition.gateway.url.replace(/\/graphql$/, '');
  browser = await launchChromium();
  // Funders read releases: PY2024 is approved through the API while the backbone's test runs.
  release = approveByApi();
  release.catch(() => undefined);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await coalition?.dispose();
});

describe('the Themes view, in chromium, against a running coalition', () => {
  it('a backbone analyst sees the 12 themes, chart and table equal to the API, for the exit wave and then the intake wave', async () => {
    const { page, requests, errors } = await newPage();
    await signInAs(page, base, 'Backbone analyst', '#/themes?year=2024');
    const exit = await themesAnswer(tokens.backbone(), { wave: 'EXIT' });
    expect(exit.themes).toHaveLength(12);
    const rows = await tableRows(page, 'Exit survey');
    expect(rows).toEqual(expectedRows(exit.themes));
    expect(rows.some((r) => Number(r[2]) > 0)).toBe(true);
    await expect(page.getByTestId('source').innerText()).resolves.toContain('Live figures');
    // Two bar charts in one picture (barriers, what helped), one bar per theme shown.
    await page.locator('.chart svg').nth(1).waitFor();
    await expect(page.locator('.chart svg').count()).resolves.toBe(2);
    await expect(page.locator('.chart svg [aria-label="bar"] rect').count()).resolves.toBe(
      exit.themes.filter((t) => !t.figures.total.current.suppressed).length,
    );
    await expect(page.getByTestId('respondents').innerText()).resolves.toContain(
      `${exit.themes[0].figures.total.current.people!.toLocaleString('en-US')} people answered`,
    );
    await expect(page.getByRole('link', { name: 'Themes' }).getAttribute('aria-current')).resolves.toBe('page');
    await screenshot(page, 'backbone-themes-exit');

    await page.getByLabel('Wave').selectOption('INTAKE');
    const intakeRows = await tableRows(page, 'Intake survey');
    const intake = await themesAnswer(tokens.backbone(), { wave: 'INTAKE' });
    expect(intake.wave).toBe('INTAKE');
    expect(intakeRows).toEqual(expectedRows(intake.themes));
    expect(intakeRows).not.toEqual(rows);
    expect(page.url()).toContain('wave=INTAKE');
    await screenshot(page, 'backbone-themes-intake');

    // Split by sex: one table per theme, its cells and a last row All, equal to the API.
    await page.getByLabel('Split by').selectOption('SEX');
    const bySex = await themesAnswer(tokens.backbone(), { wave: 'INTAKE', by: ['SEX'] });
    const childcare = bySex.themes.find((t) => t.code === 'CHILDCARE')!;
    const split = await tableRows(page, 'Childcare (Barrier) by Sex');
    expect(split).toHaveLength(childcare.figures.cells.length + 1);
    for (const cell of childcare.figures.cells) {
      const row = split.find((r) => r[0].toUpperCase().replace(/ /g, '_') === cell.values[0].value)!;
      expect({ group: cell.values[0].value, row: row.slice(1) }).toEqual({ group: cell.values[0].value, row: shown(cell.current) });
    }
    expect(split.at(-1)).toEqual(['All', ...shown(childcare.figures.total.current)]);

    // Only counts reach the page: no answer's text, and only persisted operations leave it.
    const texts: Array<{ answer_text: string }> = await [...coalition.partners.values()][0].database.dataSource.query(
      `SELECT answer_text FROM survey_answer WHERE length(answer_text) > 25 ORDER BY id LIMIT 50`,
    );
    expect(texts.length).toBeGreaterThan(10);
    const body = await page.locator('body').innerText();
    expect(texts.filter((t) => body.includes(t.answer_text))).toEqual([]);
    const sent = requests.filter((r) => r.url.endsWith('/graphql')).map((r) => JSON.parse(r.body ?? '{}'));
    expect(sent.filter((b) => b.operationName === 'NetworkThemes').length).toBeGreaterThanOrEqual(3);
    for (const b of sent) expect(b.query).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('a funder reads the approved release: figures equal to the API, suppressed ones shown as suppressed, never a number', async () => {
    const id = await release;
    const funder = tokens.funder(partnerIds);
    const { page, errors } = await newPage();
    await signInAs(page, base, 'Funder', '#/themes?year=2024');
    const exit = await themesAnswer(funder, { wave: 'EXIT' });
    expect(exit.release?.id).toBe(id);
    const rows = await tableRows(page, 'Exit survey');
    expect(rows).toEqual(expectedRows(exit.themes));
    await expect(page.getByTestId('release-id').innerText()).resolves.toBe(id);
    await page.locator('.chart svg').nth(1).waitFor();
    await expect(page.locator('.chart svg').count()).resolves.toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'funder-themes');

    await page.getByLabel('Wave').selectOption('INTAKE');
    const intake = await themesAnswer(funder, { wave: 'INTAKE' });
    expect(await tableRows(page, 'Intake survey')).toEqual(expectedRows(intake.themes));

    // A split in which the funder has both shown and suppressed cells.
    let chosen: { by: string; answer: Awaited<ReturnType<typeof themesAnswer>> } | undefined;
    for (const by of ['RACE_GROUP', 'AGE_BAND', 'SEX', 'PARTNER']) {
      const answer = await themesAnswer(funder, { wave: 'INTAKE', by: [by] });
      const cells = answer.themes.flatMap((t) => t.figures.cells.map((c) => c.current.suppressed));
      if (!chosen && cells.includes(true) && cells.includes(false)) chosen = { by, answer };
    }
    expect(chosen).toBeDefined();
    const label = { RACE_GROUP: 'Race group', AGE_BAND: 'Age band', SEX: 'Sex', PARTNER: 'Partner' }[chosen!.by]!;
    await page.getByLabel('Split by').selectOption(chosen!.by);
    for (const theme of chosen!.answer.themes) {
      const split = await tableRows(page, `${theme.label} (${KIND[theme.kind]}) by ${label}`);
      expect(split).toHaveLength(theme.figures.cells.length + 1);
      expect(split.at(-1)).toEqual(['All', ...shown(theme.figures.total.current)]);
      for (const [i, cell] of theme.figures.cells.entries()) {
        expect({ theme: theme.code, cell: cell.values[0].value, row: split[i].slice(1) }).toEqual({
          theme: theme.code,
          cell: cell.values[0].value,
          row: shown(cell.current),
        });
        if (cell.current.suppressed) expect(cell.current.people).toBeNull();
      }
    }
    // Every suppressed figure is the word, three per suppressed cell or total, with its reason on focus.
    const suppressedFigures = chosen!.answer.themes
      .flatMap((t) => [t.figures.total.current, ...t.figures.cells.map((c) => c.current)])
      .filter((f) => f.suppressed);
    const suppressed = page.locator('[data-suppressed="true"]');
    // (the summary table holds the totals once more)
    const summary = chosen!.answer.themes.filter((t) => t.figures.total.current.suppressed).length;
    expect(await suppressed.count()).toBe(3 * (suppressedFigures.length + summary));
    await suppressed.first().focus();
    await expect(page.getByRole('tooltip').filter({ visible: true }).first().innerText()).resolves.toMatch(/protect privacy|withheld|disclosure control/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'funder-themes-split');
    expect(errors).toEqual([]);
  });
});
