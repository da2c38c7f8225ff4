import { join } from 'node:path';
import type { Client } from 'pg';
import { answerStyle, databaseUrl, dropDatabase, ensureDatabase, generateAnswer, seedCodebook } from '@coalition/demo';
import { createPartnerDataSource, type PartnerDataSource, ThemeCodingService } from '@coalition/partner';
import { seededRandom } from '@coalition/shared';
import { compileCodebook, phrasesOf, ruleCoder, sentimentOf, WORKFORCE_BARRIERS_V1 } from '@coalition/shared/themes';
import { type Dataset, ensureDataset, withClient } from './coalition/dataset';
import { type RunningCoalition, startServices } from './coalition/services';
import type { ScenarioResult } from './import-scenario';
import { assertSameCells, type CellCounts, pooledClient } from './network-scenario';
import { summarize } from './stats';
import { graphql, timed } from './timing';

export interface ThemesOptions {
  adminUrl: string;
  logDir: string;
  log: (m: string) => void;
  seed: number;
  /** the main coalition's size (the dataset the other scenarios reuse) */
  partners: number;
  perPartner: number;
  /** answers coded at one partner (full 100,000; quick 5,000) */
  answers: number;
  /** network runs of each side after the check */
  runs: number;
}

type DataSource = PartnerDataSource['dataSource'];

const CODEBOOK = WORKFORCE_BARRIERS_V1.code;
const QUESTION = 'BARRIERS_HELPS';
const THEMES = WORKFORCE_BARRIERS_V1.themes.map((t) => t.code);
/** Percent of respondents whose coding carries each theme, in codebook order (placeholder codings, drawn in SQL). */
const THEME_PERCENT = [18, 14, 9, 12, 15, 10, 8, 6, 30, 22, 16, 13];
/** The fresh partner database of the coding row, dropped after. */
const CODING_DATABASE = 'cgb_themes_coding';
/** Whose way of writing the generated answers follow (typos, case notes). */
const ANSWER_STYLE_OF = 'bridgeway-placement';

const perSecond = (count: number, ms: number) => Math.round((count * 1000) / ms).toLocaleString('en-US');

/** 8: coding throughput at one partner; 8b: network themes against one pooled statement. */
export async function themesScenario(options: ThemesOptions): Promise<ScenarioResult[]> {
  const coding = await codingRow(options);
  return [coding, await networkThemesRow(options)];
}

// ---- 8. coding at one partner ----

/** `count` answers to the open question, as demo's generator writes them for one partner, the same for a seed. */
function generatedAnswers(count: number, seed: number): string[] {
  const rng = seededRandom(seed + 104_729);
  const style = answerStyle(ANSWER_STYLE_OF);
  return Array.from({ length: count }, () => generateAnswer(rng, style, 'EXIT').text);
}

/** Participants T000001... who exited in PY2024, each with one free-text EXIT answer. */
async function insertAnswers(dataSource: DataSource, texts: readonly string[]): Promise<void> {
  const ids = texts.map((_t, i) => `T${String(i + 1).padStart(6, '0')}`);
  await dataSource.query(
    `INSERT INTO participant (local_id, enrolled_on, exited_on, program_type, sex)
     SELECT id, DATE '2024-01-15', DATE '2024-09-30', 'TRAINING', 'FEMALE' FROM unnest($1::text[]) AS id`,
    [ids],
  );
  await dataSource.query(
    `INSERT INTO survey_answer (participant_local_id, question_code, answer_text, wave, answered_on)
     SELECT id, $3, text, 'EXIT', DATE '2024-09-30' FROM unnest($1::text[], $2::text[]) AS x(id, text)`,
    [ids, texts, QUESTION],
  );
  await dataSource.query('ANALYZE participant; ANALYZE survey_answer');
}

/** Milliseconds of `work` over every text, after a warm-up on the first thousand (wink's model, the JIT). */
function timedOver(texts: readonly string[], work: (text: string) => void): number {
  for (const text of texts.slice(0, 1000)) work(text);
  const started = process.hrtime.bigint();
  for (const text of texts) work(text);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** The coder alone, and the coder with what a partner also computes per answer (sentiment, phrases): no database. */
function inMemory(texts: readonly string[]): { coderMs: number; withExtrasMs: number } {
  const codebook = compileCodebook(WORKFORCE_BARRIERS_V1);
  const coder = ruleCoder(codebook);
  const coderMs = timedOver(texts, (text) => void coder.code(text));
  const withExtrasMs = timedOver(texts, (text) => {
    if (coder.code(text).status === 'CODED') {
      sentimentOf(text);
      phrasesOf(text, codebook);
    }
  });
  return { coderMs, withExtrasMs };
}

/** A fresh migrated partner database with the answers and the codebook installed; the service codes them all, timed. */
async function codeAtPartner(url: string, texts: readonly string[]): Promise<number> {
  const { dataSource } = createPartnerDataSource(url, { poolSize: 2 });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await insertAnswers(dataSource, texts);
    await seedCodebook(dataSource);
    const service = new ThemeCodingService(dataSource);
    const { ms, result } = await timed(() => service.codePending(CODEBOOK, WORKFORCE_BARRIERS_V1.version));
    const status = await service.status(CODEBOOK, WORKFORCE_BARRIERS_V1.version);
    if (result !== texts.length || status.pending) throw new Error(`theme coding: ${result} of ${texts.length} answers coded, ${status.pending} pending`);
    return ms;
  } finally {
    await dataSource.destroy();
  }
}

async function codingRow(options: ThemesOptions): Promise<ScenarioResult> {
  const texts = generatedAnswers(options.answers, options.seed);
  const memory = inMemory(texts);
  const url = databaseUrl(options.adminUrl, CODING_DATABASE);
  await dropDatabase(options.adminUrl, CODING_DATABASE);
  await ensureDatabase(options.adminUrl, CODING_DATABASE);
  let ms: number;
  try {
    ms = await codeAtPartner(url, texts);
  } finally {
    await dropDatabase(options.adminUrl, CODING_DATABASE);
  }
  const n = texts.length;
  const extras = memory.withExtrasMs;
  options.log(
    `  theme coding: ${perSecond(n, ms)} answers/s at the partner, ${perSecond(n, memory.coderMs)} answers/s rule coder alone, ${perSecond(n, extras)} with sentiment and phrases`,
  );
  return {
    scenario: `8. theme coding at one partner: ${n.toLocaleString('en-US')} EXIT answers coded, scored and written (codePending ${CODEBOOK} v1, batches of 500)`,
    subject: summarize([ms]),
    baseline: { name: 'the rule coder alone, no database', ...summarize([memory.coderMs]) },
    ratio: ms / memory.coderMs,
    rows: n,
    rowsPerSecond: (n * 1000) / ms,
    rate: `${perSecond(n, ms)} answers/s; rule coder alone ${perSecond(n, memory.coderMs)} answers/s; coder + sentiment + phrases, no database, ${perSecond(n, extras)} answers/s (${Math.round((100 * extras) / ms)}% of the partner's time; the rest is reading, writing and batching)`,
    details: { answers: n, partnerMs: ms, coderMs: memory.coderMs, coderWithSentimentAndPhrasesMs: extras, style: ANSWER_STYLE_OF },
  };
}

// ---- 8b. network themes ----

/** The rule coder's id: codings under it, of the same text, are not pending, so partners answer without coding again. */
const CODER_ID = ruleCoder(compileCodebook(WORKFORCE_BARRIERS_V1)).id;
const PLACEHOLDER_ANSWER = 'bench placeholder answer';

/**
 * One EXIT answer per exited participant and its coding, themes drawn from a hash of the local id
 * (each theme at its THEME_PERCENT): no coder runs, this row measures counting. `rules` holds
 * 'bench' per theme (a coding lists the rule that gave each of its themes).
 */
const PARTNER_ANSWERS_SQL = `
  INSERT INTO survey_answer (participant_local_id, question_code, answer_text, wave, answered_on)
  SELECT local_id, '${QUESTION}', $1::text, 'EXIT', exited_on FROM participant WHERE exited_on IS NOT NULL
  ON CONFLICT (participant_local_id, question_code, wave) DO NOTHING`;
const PARTNER_CODINGS_SQL = `
  INSERT INTO theme_coding (answer_id, codebook_code, codebook_version, coder_id, status, themes, rules, text_md5)
  SELECT a.id, '${CODEBOOK}', ${WORKFORCE_BARRIERS_V1.version}, $1, 'CODED', d.themes, d.rules, md5(a.answer_text)
    FROM survey_answer a CROSS JOIN LATERAL (
      SELECT coalesce(array_agg(code ORDER BY n), '{}') AS themes, coalesce(array_agg('bench'::text), '{}') AS rules
        FROM unnest($2::text[], $3::int[]) WITH ORDINALITY AS t(code, percent, n)
       WHERE (hashtext(a.participant_local_id || '/' || code)::bigint + 2147483648) % 100 < percent) d
   WHERE a.question_code = '${QUESTION}' AND a.wave = 'EXIT'
  ON CONFLICT DO NOTHING`;

/** Migrates a partner (a dataset generated before theme codings lacks their tables) and adds its codings once; true when it added them. */
async function addPartnerCodings(url: string): Promise<boolean> {
  const { dataSource } = createPartnerDataSource(url, { poolSize: 1 });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM theme_coding');
    if (count > 0) return false;
    await seedCodebook(dataSource);
    await dataSource.transaction(async (manager) => {
      await manager.query(PARTNER_ANSWERS_SQL, [PLACEHOLDER_ANSWER]);
      await manager.query(PARTNER_CODINGS_SQL, [CODER_ID, THEMES, THEME_PERCENT]);
    });
    await dataSource.query('ANALYZE survey_answer; ANALYZE theme_coding');
    return true;
  } finally {
    await dataSource.destroy();
  }
}

/** The same (partner, local id, themes) in the pooled database, a partner at a time; a partner already there is left alone. */
async function copyToPooled(pooled: Client, partnerId: string, partnerUrl: string): Promise<boolean> {
  const there = await pooled.query('SELECT 1 FROM theme_coding WHERE partner_id = $1 LIMIT 1', [partnerId]);
  if (there.rowCount) return false;
  const rows = await withClient(partnerUrl, async (c) => {
    const { rows } = await c.query(
      `SELECT a.participant_local_id AS local_id, t.themes FROM survey_answer a JOIN theme_coding t ON t.answer_id = a.id
        WHERE t.codebook_code = $1 AND t.codebook_version = $2 AND t.status = 'CODED' AND a.wave = 'EXIT'`,
      [CODEBOOK, WORKFORCE_BARRIERS_V1.version],
    );
    return rows;
  });
  await pooled.query(
    `INSERT INTO theme_coding (partner_id, local_id, themes) SELECT $1, local_id, themes FROM jsonb_to_recordset($2::jsonb) AS x(local_id text, themes text[])`,
    [partnerId, JSON.stringify(rows)],
  );
  return true;
}

/** Codings at every partner of the dataset and their copy in the pooled database, added once (idempotent: reused by later runs). */
async function ensureThemeCodings(dataset: Dataset, log: (m: string) => void): Promise<void> {
  const started = Date.now();
  let added = 0;
  for (const partner of dataset.partners) if (await addPartnerCodings(dataset.partnerUrls.get(partner.id)!)) added++;
  await withClient(dataset.pooledUrl, async (pooled) => {
    await pooled.query(
      'CREATE TABLE IF NOT EXISTS theme_coding (partner_id text NOT NULL, local_id text NOT NULL, themes text[] NOT NULL, PRIMARY KEY (partner_id, local_id))',
    );
    let copied = 0;
    for (const partner of dataset.partners) if (await copyToPooled(pooled, partner.id, dataset.partnerUrls.get(partner.id)!)) copied++;
    if (copied) await pooled.query('ANALYZE theme_coding');
    if (added || copied) log(`  theme codings added at ${added} partners, copied to the pooled database for ${copied}, in ${Date.now() - started} ms`);
  });
}

/** Row 8b's question: every theme of WORKFORCE_BARRIERS v1 among people who gave an EXIT answer, PY2024, by partner x sex. */
export const THEMES_QUERY = `query NetworkThemes {
  networkThemes(codebook: "${CODEBOOK}", version: ${WORKFORCE_BARRIERS_V1.version}, wave: EXIT, period: { programYear: 2024 }, by: [PARTNER, SEX]) {
    version
    themes { code figures { cells { key current { people numerator } } coverage { partnersAnswered missing { partnerId reason } } } }
  }
}`;

interface ThemesAnswer {
  networkThemes: {
    version: number;
    themes: Array<{
      code: string;
      figures: {
        cells: Array<{ key: string; current: { people: number | null; numerator: number | null } | null }>;
        coverage: { partnersAnswered: number; missing: Array<{ partnerId: string; reason: string }> };
      };
    }>;
  };
}

/**
 * The same counts from one statement over the pooled database: people who exited in PY2024 with
 * a coded EXIT answer count once, by GSID, at their latest such record (ties: first partner id,
 * then local id), as the gateway counts them; per theme, those whose coding carries it.
 */
export const POOLED_THEMES_SQL = `
  WITH qualifying AS (
    SELECT p.partner_id, p.local_id, p.gsid, p.exited_on AS anchor_on, p.sex, t.themes
      FROM participant p JOIN theme_coding t ON t.partner_id = p.partner_id AND t.local_id = p.local_id
     WHERE p.exited_on >= DATE '2024-07-01' AND p.exited_on < DATE '2025-07-01'
  ), counted AS (
    SELECT DISTINCT ON (coalesce(gsid, partner_id || '/' || local_id)) *
      FROM qualifying
     ORDER BY coalesce(gsid, partner_id || '/' || local_id), anchor_on DESC, partner_id COLLATE "C", local_id
  )
  SELECT theme, partner_id, sex, count(*)::int AS people, count(*) FILTER (WHERE theme = ANY(themes))::int AS numerator
    FROM counted CROSS JOIN unnest($1::text[]) AS theme
   GROUP BY theme, partner_id, sex`;

async function pooledThemes(client: Client): Promise<CellCounts> {
  const { rows } = await client.query(POOLED_THEMES_SQL, [THEMES]);
  return new Map(rows.map((r) => [`${r.theme} PARTNER=${r.partner_id}|SEX=${r.sex}`, { people: r.people, numerator: r.numerator }]));
}

/** The gateway's cells, by theme; throws when a partner did not answer (still coding, say): a partial figure is never timed. */
async function gatewayThemes(url: string, token: string): Promise<CellCounts> {
  const { networkThemes } = await graphql<ThemesAnswer>(url, THEMES_QUERY, {}, { authorization: `Bearer ${token}` });
  const counts: CellCounts = new Map();
  for (const theme of networkThemes.themes) {
    const { missing } = theme.figures.coverage;
    if (missing.length) throw new Error(`networkThemes ${theme.code}: ${missing.map((m) => `${m.partnerId}: ${m.reason}`).join('; ')}`);
    for (const cell of theme.figures.cells) {
      if (cell.current?.people) counts.set(`${theme.code} ${cell.key}`, { people: cell.current.people, numerator: cell.current.numerator ?? 0 });
    }
  }
  return counts;
}

/** Checks both sides equal, then alternates them, `runs` times each (the check is each side's warm-up); counts the subgraphs' work per answer. */
async function timeThemes(dataset: Dataset, coalition: RunningCoalition, runs: number) {
  const url = coalition.gatewayUrl;
  const token = coalition.token({ role: 'backbone_analyst' });
  const client = await pooledClient(dataset);
  try {
    const expected = await pooledThemes(client);
    assertSameCells(await gatewayThemes(url, token), expected, 'networkThemes');
    const gateway: number[] = [];
    const pooled: number[] = [];
    const before = await coalition.subgraphCounters();
    for (let run = 0; run < runs; run++) {
      gateway.push((await timed(() => gatewayThemes(url, token))).ms);
      pooled.push((await timed(() => pooledThemes(client))).ms);
    }
    const after = await coalition.subgraphCounters();
    const perAnswer = {
      requests: Math.round((after.requests - before.requests) / runs),
      statements: Math.round((after.statements - before.statements) / runs),
    };
    const respondents = [...expected].filter(([key]) => key.startsWith(`${THEMES[0]} `)).reduce((n, [, c]) => n + c.people, 0);
    return { gateway, pooled, cells: expected.size, respondents, perAnswer };
  } finally {
    await client.end();
  }
}

async function networkThemesRow(options: ThemesOptions): Promise<ScenarioResult> {
  const { log } = options;
  const dataset = await ensureDataset(options.adminUrl, { partners: options.partners, perPartner: options.perPartner, seed: options.seed }, log);
  await ensureThemeCodings(dataset, log);
  const scale = `K=${dataset.partners.length}, N=${options.perPartner.toLocaleString('en-US')}`;
  // The main gateway keeps no answers: every run is computed by the partners, as scenario 1's.
  const coalition = await startServices(dataset, { logDir: join(options.logDir, dataset.name), answerCacheMb: 0 });
  try {
    const timings = await timeThemes(dataset, coalition, options.runs);
    const s = summarize(timings.gateway);
    const b = summarize(timings.pooled);
    const ratio = s.median / b.median;
    log(`  network themes: gateway ${s.median.toFixed(0)} ms, pooled ${b.median.toFixed(0)} ms (${ratio.toFixed(2)}x)`);
    return {
      scenario: `8b. network themes ${CODEBOOK} v1 (${THEMES.length} themes), EXIT answers, PY2024, by partner x sex (${scale})`,
      subject: s,
      baseline: { name: 'one SQL statement on the pooled database', ...b },
      ratio,
      rate: `${timings.cells} cells (theme x partner x sex), equal to pooled; ${timings.respondents.toLocaleString('en-US')} respondents counted once by GSID; ${timings.perAnswer.requests} subgraph requests and ${timings.perAnswer.statements} SQL statements per answer; answer cache off (every run computed)`,
      details: {
        partners: dataset.partners.length,
        perPartner: options.perPartner,
        records: dataset.records,
        people: dataset.people,
        respondents: timings.respondents,
      },
    };
  } finally {
    await coalition.stop();
  }
}
