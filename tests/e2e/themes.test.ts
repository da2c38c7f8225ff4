// One coalition for every case: themes are coded at each partner and only counts cross HTTP.
import { compileCodebook, ruleCoder, WORKFORCE_BARRIERS_V1 } from '@coalition/shared/themes';
import { graphql, tokens } from '../support/graphql';
import { startTestCoalition } from '../support/coalition';
import { PooledDatabase } from '../support/pooled';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

const FIGURE = 'people numerator value suppressed';
const CELL = `key current { ${FIGURE} }`;
const FIGURES = `code version dimensions disclosureControl { applied } total { ${CELL} } cells { ${CELL} } coverage { partnersAsked partnersAnswered missing { partnerId reason } }`;
const THEMES = `query Themes($version: Int, $wave: Wave, $period: IndicatorPeriod!, $by: [Dimension!]) {
  networkThemes(codebook: "WORKFORCE_BARRIERS", version: $version, wave: $wave, period: $period, by: $by) {
    codebook version wave themes { code label kind figures { ${FIGURES} } }
  }
}`;
const RELEASED_THEMES = `query Themes($version: Int, $period: IndicatorPeriod!, $by: [Dimension!], $release: String) {
  networkThemes(codebook: "WORKFORCE_BARRIERS", version: $version, period: $period, by: $by, release: $release) {
    release { id } themes { code figures { total { ${CELL} } cells { ${CELL} } } }
  }
}`;
const PROGRESS = `query Progress($version: Int!) { themeCodingProgress(codebook: "WORKFORCE_BARRIERS", version: $version) { partnerId coderId answers coded refused pending running lastError unavailable } }`;
const INSTALL = `mutation Install($version: Int) { installCodebook(code: "WORKFORCE_BARRIERS", version: $version) { partnerId answers pending unavailable } }`;
const AUDIT = `query Audit($partnerId: ID!, $theme: String) {
  answerCodings(partnerId: $partnerId, codebook: "WORKFORCE_BARRIERS", version: 1, theme: $theme, first: 20) {
    codings { answerId localId wave answerText coderId status themes { theme rule } reason sentiment } next
  }
}`;

const PERIOD = { from: '2024-07-01', to: '2025-06-30' };
const POOLED_PERIOD = { from: '2024-07-01', before: '2025-07-01' };

/**
 * The same counts in plain SQL over every partner's records and codings copied into one database:
 * people with an EXIT answer coded under version 1 who exited in the period, each once by GSID at
 * their latest such record (ties: partner id, local id), and of them those whose coding carries the theme.
 */
async function pooledTheme(pooled: PooledDatabase, theme: string, byPartner: boolean): Promise<Map<string, { people: number; numerator: number }>> {
  const { rows } = await pooled.client.query(
    `WITH respondents AS (
       SELECT p.partner_id, p.local_id, p.gsid, p.exited_on, bool_or($1 = ANY(c.themes)) AS hit
         FROM participant p JOIN pooled_coding c ON c.partner_id = p.partner_id AND c.local_id = p.local_id
        WHERE c.wave = 'EXIT' AND c.status = 'CODED' AND p.exited_on >= $2::date AND p.exited_on < $3::date
        GROUP BY p.partner_id, p.local_id, p.gsid, p.exited_on
     ), ranked AS (
       SELECT r.*, row_number() OVER (PARTITION BY coalesce(r.gsid, r.partner_id || '/' || r.local_id) ORDER BY r.exited_on DESC, r.partner_id COLLATE "C", r.local_id) AS rn
         FROM respondents r
     )
     SELECT ${byPartner ? 'partner_id' : "''"} AS cell, count(*)::int AS people, count(*) FILTER (WHERE hit)::int AS numerator
       FROM ranked WHERE rn = 1 GROUP BY 1`,
    [theme, POOLED_PERIOD.from, POOLED_PERIOD.before],
  );
  return new Map(rows.map((r) => [byPartner ? `PARTNER=${r.cell}` : '', { people: r.people, numerator: r.numerator }]));
}

describe('qualitative themes: coded at each partner, counted across the network (three partners, real HTTP)', () => {
  let coalition: TestCoalition;
  let gateway: string;
  let pooled: PooledDatabase;
  const ask = (query: string, variables: Record<string, unknown> = {}, token: string | null = tokens.backbone()) =>
    graphql(gateway, query, variables, { token });

  beforeAll(async () => {
    // No answer cache: these tests watch figures follow codings.
    coalition = await startTestCoalition('themes', { codeAnswersAtStart: false, gateway: { fundersSeeLive: true, answerCacheMb: 0 } });
    gateway = coalition.gateway.url;
  });

  afterAll(async () => {
    await pooled?.close();
    await coalition?.dispose();
  });

  it('codes each partner’s answers in the background, with progress, idempotently', async () => {
    const before = await ask(PROGRESS, { version: 1 });
    expect(before.errors).toBeUndefined();
    for (const row of before.data.themeCodingProgress) {
      expect(row.answers).toBeGreaterThan(20);
      expect(row.pending).toBe(row.answers);
    }
    const installed = await ask(INSTALL, { version: 1 });
    expect(installed.errors).toBeUndefined();
    expect(installed.data.installCodebook.map((r: { partnerId: string }) => r.partnerId).sort()).toEqual([...coalition.partners.keys()].sort());
    let progress = before.data.themeCodingProgress;
    for (let i = 0; i < 100 && progress.some((r: { pending: number }) => r.pending > 0); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      progress = (await ask(PROGRESS, { version: 1 })).data.themeCodingProgress;
    }
    for (const row of progress) {
      expect(row).toMatchObject({ pending: 0, lastError: null, unavailable: null });
      expect(row.coded + row.refused).toBe(row.answers);
      expect(row.coderId).toBe(ruleCoder(compileCodebook(WORKFORCE_BARRIERS_V1)).id);
    }
    // Installing again changes nothing: the same version, already coded.
    const again = await ask(INSTALL, { version: 1 });
    expect(again.data.installCodebook.every((r: { pending: number }) => r.pending === 0)).toBe(true);
    // The codings are the coder's, answer by answer (deterministic: the same code run here agrees).
    const coder = ruleCoder(compileCodebook(WORKFORCE_BARRIERS_V1));
    const [partnerId, partner] = [...coalition.partners][0];
    const stored: Array<{ answer_text: string; status: string; themes: string[] }> = await partner.database.dataSource.query(
      `SELECT a.answer_text, t.status, t.themes FROM theme_coding t JOIN survey_answer a ON a.id = t.answer_id ORDER BY a.id LIMIT 200`,
    );
    expect(stored.length).toBeGreaterThan(20);
    for (const row of stored) {
      const coding = coder.code(row.answer_text);
      expect({ partnerId, status: row.status, themes: row.themes }).toEqual({
        partnerId,
        status: coding.status,
        themes: coding.status === 'CODED' ? coding.themes.map((t) => t.code) : [],
      });
    }
    pooled = await PooledDatabase.load(coalition);
    await pooled.client.query(
      `CREATE TABLE pooled_coding (partner_id text, local_id text, wave text, status text, themes text[], sentiment real, answered_on date, answer_id bigint)`,
    );
    for (const [id, p] of coalition.partners) {
      const codings = await p.database.dataSource.query(
        `SELECT a.participant_local_id AS local_id, a.wave, t.status, t.themes, t.sentiment, a.answered_on::text, a.id AS answer_id
           FROM theme_coding t JOIN survey_answer a ON a.id = t.answer_id
          WHERE t.codebook_code = 'WORKFORCE_BARRIERS' AND t.codebook_version = 1`,
      );
      await pooled.client.query(
        `INSERT INTO pooled_coding SELECT $1, r.local_id, r.wave, r.status, r.themes, r.sentiment, r.answered_on, r.answer_id
           FROM json_populate_recordset(NULL::pooled_coding, $2::json) r`,
        [id, JSON.stringify(codings)],
      );
    }
  });

  it('counts people mentioning each theme once across partners, equal to plain SQL over the pooled records', async () => {
    const answer = await ask(THEMES, { version: 1, period: PERIOD, by: ['PARTNER'] });
    expect(answer.errors).toBeUndefined();
    const result = answer.data.networkThemes;
    expect(result).toMatchObject({ codebook: 'WORKFORCE_BARRIERS', version: 1, wave: 'EXIT' });
    expect(result.themes.map((t: { code: string }) => t.code)).toEqual(WORKFORCE_BARRIERS_V1.themes.map((t) => t.code));
    let mentioned = 0;
    for (const theme of result.themes) {
      const figures = theme.figures;
      expect(figures.coverage).toMatchObject({ partnersAsked: 3, partnersAnswered: 3, missing: [] });
      expect(figures.disclosureControl.applied).toBe(false);
      const total = await pooledTheme(pooled, theme.code, false);
      expect({ theme: theme.code, people: figures.total.current.people, numerator: figures.total.current.numerator }).toEqual({
        theme: theme.code,
        ...(total.get('') ?? { people: 0, numerator: 0 }),
      });
      const byPartner = await pooledTheme(pooled, theme.code, true);
      for (const cell of figures.cells.filter((c: { current: { people: number } }) => c.current.people > 0)) {
        expect({ theme: theme.code, key: cell.key, people: cell.current.people, numerator: cell.current.numerator }).toEqual({
          theme: theme.code,
          key: cell.key,
          ...byPartner.get(cell.key),
        });
      }
      mentioned += figures.total.current.numerator;
    }
    expect(mentioned).toBeGreaterThan(0);
    // People who answered at two partners are counted once: fewer people than answering records.
    const { rows } = await pooled.client.query(
      `SELECT count(DISTINCT (c.partner_id, c.local_id))::int AS records FROM pooled_coding c JOIN participant p ON p.partner_id = c.partner_id AND p.local_id = c.local_id
        WHERE c.wave = 'EXIT' AND c.status = 'CODED' AND p.exited_on >= $1::date AND p.exited_on < $2::date`,
      [POOLED_PERIOD.from, POOLED_PERIOD.before],
    );
    expect(rows[0].records).toBeGreaterThan(result.themes[0].figures.total.current.people);
  });

  it('disaggregates theme counts by the sentiment of the latest coded answer (backbone), equal to plain SQL', async () => {
    const answer = await ask(THEMES, { version: 1, period: PERIOD, by: ['SENTIMENT'] });
    expect(answer.errors).toBeUndefined();
    const { rows } = await pooled.client.query(
      `WITH respondents AS (
         SELECT p.partner_id, p.local_id, p.gsid, p.exited_on, bool_or('STAFF_SUPPORT' = ANY(c.themes)) AS hit
           FROM participant p JOIN pooled_coding c ON c.partner_id = p.partner_id AND c.local_id = p.local_id
          WHERE c.wave = 'EXIT' AND c.status = 'CODED' AND p.exited_on >= $1::date AND p.exited_on < $2::date
          GROUP BY 1, 2, 3, 4
       ), ranked AS (
         SELECT r.*, row_number() OVER (PARTITION BY coalesce(r.gsid, r.partner_id || '/' || r.local_id) ORDER BY r.exited_on DESC, r.partner_id COLLATE "C", r.local_id) AS rn,
                (SELECT CASE WHEN c.sentiment <= -0.1 THEN 'NEGATIVE' WHEN c.sentiment >= 0.1 THEN 'POSITIVE' ELSE 'NEUTRAL' END FROM pooled_coding c
                  WHERE c.partner_id = r.partner_id AND c.local_id = r.local_id AND c.status = 'CODED' ORDER BY c.answered_on DESC NULLS LAST, c.answer_id DESC LIMIT 1) AS sentiment
           FROM respondents r
       )
       SELECT sentiment, count(*)::int AS people, count(*) FILTER (WHERE hit)::int AS numerator FROM ranked WHERE rn = 1 GROUP BY 1`,
      [POOLED_PERIOD.from, POOLED_PERIOD.before],
    );
    const staff = answer.data.networkThemes.themes.find((t: { code: string }) => t.code === 'STAFF_SUPPORT').figures;
    const shown = Object.fromEntries(
      staff.cells
        .filter((c: { current: { people: number } }) => c.current.people > 0)
        .map((c: { key: string; current: { people: number; numerator: number } }) => [c.key, [c.current.people, c.current.numerator]]),
    );
    expect(shown).toEqual(Object.fromEntries(rows.map((r) => [`SENTIMENT=${r.sentiment}`, [r.people, r.numerator]])));
    expect(Object.keys(shown).length).toBeGreaterThanOrEqual(2);
    // Outside the protected cube: funders may not ask by it.
    const funder = await ask(RELEASED_THEMES, { version: 1, period: { programYear: 2024 }, by: ['SENTIMENT'], release: 'LIVE' }, tokens.funder());
    expect(funder.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('shows funders only figures that pass disclosure control, and keeps text, phrases and outcomes by theme from them', async () => {
    const funder = tokens.funder();
    const answer = await ask(
      RELEASED_THEMES.replace('themes { code figures {', 'themes { code figures { disclosureControl { applied }'),
      { version: 1, period: { programYear: 2024 }, by: ['SEX'], release: 'LIVE' },
      funder,
    );
    expect(answer.errors).toBeUndefined();
    for (const theme of answer.data.networkThemes.themes) {
      expect(theme.figures.disclosureControl.applied).toBe(true);
      for (const cell of [theme.figures.total, ...theme.figures.cells]) {
        if (cell.current.suppressed) expect(cell.current.people).toBeNull();
        else expect(cell.current.people === 0 || cell.current.people >= 11).toBe(true);
      }
    }
    const partnerId = [...coalition.partners.keys()][0];
    for (const [query, variables] of [
      [AUDIT, { partnerId }],
      [`{ emergingPhrases(codebook: "WORKFORCE_BARRIERS", period: { programYear: 2024 }) { phrases { phrase } } }`, {}],
      [`{ themeOutcome(codebook: "WORKFORCE_BARRIERS", theme: "CHILDCARE", indicator: "EMP_Q2", period: { programYear: 2024 }) { theme } }`, {}],
    ] as const) {
      const refused = await ask(query, variables, funder);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(refused.data ?? null)).not.toMatch(/answerText/);
    }
  });

  it("lets a partner's own staff see why an answer got its themes; nobody else sees answers", async () => {
    const [partnerId, other] = [...coalition.partners.keys()];
    const own = await ask(AUDIT, { partnerId, theme: 'TRANSPORTATION' }, tokens.staff(partnerId));
    expect(own.errors).toBeUndefined();
    const codings = own.data.answerCodings.codings;
    expect(codings.length).toBeGreaterThan(0);
    for (const coding of codings) {
      expect(coding.answerText.length).toBeGreaterThan(0);
      const transport = coding.themes.find((t: { theme: string }) => t.theme === 'TRANSPORTATION');
      expect(WORKFORCE_BARRIERS_V1.themes.find((t) => t.code === 'TRANSPORTATION')!.rules).toContain(transport.rule);
    }
    for (const token of [tokens.staff(other), tokens.backbone(), tokens.admin()]) {
      const refused = await ask(AUDIT, { partnerId }, token);
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('compares an indicator among people who mention a theme and those who do not (backbone)', async () => {
    const answer = await ask(
      `{ themeOutcome(codebook: "WORKFORCE_BARRIERS", wave: EXIT, theme: "TRANSPORTATION", indicator: "EMP_Q2", period: { from: "2024-07-01", to: "2025-06-30" }) {
          theme mentioning { code total { current { people numerator value } } } notMentioning { code total { current { people numerator value } } } } }`,
    );
    expect(answer.errors).toBeUndefined();
    const { mentioning, notMentioning } = answer.data.themeOutcome;
    expect(mentioning.code).toBe('EMP_Q2');
    const { rows } = await pooled.client.query(
      `WITH respondents AS (
         SELECT p.partner_id, p.local_id, p.gsid, p.exited_on, bool_or('TRANSPORTATION' = ANY(c.themes)) AS mentions
           FROM participant p JOIN pooled_coding c ON c.partner_id = p.partner_id AND c.local_id = p.local_id
          WHERE c.wave = 'EXIT' AND c.status = 'CODED' AND p.exited_on >= DATE '2024-07-01' AND p.exited_on < DATE '2025-07-01'
            AND EXISTS (SELECT 1 FROM outcome o WHERE o.partner_id = p.partner_id AND o.participant_local_id = p.local_id AND o.indicator_code = 'EMP_Q2' AND o.period = 'Q2_AFTER_EXIT')
          GROUP BY 1, 2, 3, 4
       )
       SELECT mentions, count(DISTINCT coalesce(gsid, partner_id || '/' || local_id))::int AS people FROM respondents GROUP BY mentions`,
    );
    const people = Object.fromEntries(rows.map((r) => [String(r.mentions), r.people]));
    expect(mentioning.total.current.people).toBe(people.true ?? 0);
    expect(notMentioning.total.current.people).toBe(people.false ?? 0);
    expect(mentioning.total.current.people).toBeGreaterThan(0);
  });

  it('shows the backbone emerging phrases only when enough people at two or more partners used them, with no digits or names', async () => {
    const answer = await ask(`{ emergingPhrases(codebook: "WORKFORCE_BARRIERS", period: { from: "2023-07-01", to: "2025-06-30" }, minPeople: 3) {
      minPeople phrases { phrase people partners } coverage { partnersAnswered } } }`);
    expect(answer.errors).toBeUndefined();
    const { phrases, minPeople, coverage } = answer.data.emergingPhrases;
    expect(minPeople).toBe(3);
    expect(coverage.partnersAnswered).toBe(3);
    expect(phrases.length).toBeGreaterThan(0);
    for (const p of phrases) {
      expect(p.partners).toBeGreaterThanOrEqual(2);
      expect(p.people).toBeGreaterThanOrEqual(3);
      expect(p.phrase).toMatch(/^[a-z' -]+$/);
    }
    const tooFew = await ask(`{ emergingPhrases(codebook: "WORKFORCE_BARRIERS", period: { programYear: 2024 }, minPeople: 1) { minPeople } }`);
    expect(tooFew.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'minPeople' });
  });

  it('is released like every other figure: funders read the approved release, equal to the live figures it was computed from', async () => {
    const releaser = tokens.releaser();
    const started = await ask(`mutation { approveRelease(period: { programYear: 2024 }) { id } }`, {}, releaser);
    expect(started.errors).toBeUndefined();
    const id = started.data.approveRelease.id;
    let approval: { status: string; error: string | null; figuresTotal: number };
    do {
      await new Promise((resolve) => setTimeout(resolve, 200));
      approval = (await ask(`query A($id: ID!) { releaseApproval(id: $id) { status error figuresTotal } }`, { id }, releaser)).data.releaseApproval;
    } while (approval.status === 'RUNNING');
    expect(approval).toMatchObject({ status: 'APPROVED', error: null });
    const funder = tokens.funder();
    const released = await ask(RELEASED_THEMES, { version: 1, period: { programYear: 2024 }, by: ['SEX'] }, funder);
    expect(released.errors).toBeUndefined();
    expect(released.data.networkThemes.release.id).toBe(id);
    const live = await ask(RELEASED_THEMES, { version: 1, period: { programYear: 2024 }, by: ['SEX'], release: 'LIVE' }, funder);
    expect(live.data.networkThemes.release).toBeNull();
    for (const [i, theme] of released.data.networkThemes.themes.entries()) {
      const now = live.data.networkThemes.themes[i];
      expect({ code: theme.code, total: theme.figures.total, cells: theme.figures.cells }).toEqual({
        code: now.code,
        total: now.figures.total,
        cells: now.figures.cells,
      });
    }
  }, 600_000);

  it('refuses a codebook whose rule does not compile, naming the theme and the rule; a new version is figured only where it is coded', async () => {
    const broken = {
      ...WORKFORCE_BARRIERS_V1,
      version: 2,
      themes: WORKFORCE_BARRIERS_V1.themes.map((t, i) => (i === 1 ? { ...t, rules: ['daycare', 'kid$'] } : t)),
    };
    const refused = await ask(`mutation P($c: JSONObject!) { publishCodebook(codebook: $c) { version } }`, { c: broken });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'themes.CHILDCARE.rules[1]' });
    const funderTry = await ask(`mutation P($c: JSONObject!) { publishCodebook(codebook: $c) { version } }`, { c: broken }, tokens.funder());
    expect(funderTry.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const v2 = {
      ...WORKFORCE_BARRIERS_V1,
      version: 2,
      themes: WORKFORCE_BARRIERS_V1.themes.map((t, i) => (i === 1 ? { ...t, rules: [...t.rules, 'nanny'] } : t)),
    };
    const published = await ask(`mutation P($c: JSONObject!) { publishCodebook(codebook: $c) { code version } }`, { c: v2 });
    expect(published.errors).toBeUndefined();
    expect(published.data.publishCodebook).toEqual({ code: 'WORKFORCE_BARRIERS', version: 2 });
    // Not installed anywhere yet: every partner says so in the coverage, and no figure mixes versions.
    const before = await ask(THEMES, { version: 2, period: PERIOD, by: [] });
    expect(before.errors).toBeUndefined();
    const coverage = before.data.networkThemes.themes[0].figures.coverage;
    expect(coverage.partnersAnswered).toBe(0);
    expect(coverage.missing[0].reason).toMatch(/WORKFORCE_BARRIERS v2 is not installed/);
    await ask(INSTALL, { version: 2 });
    const after = await ask(THEMES, { version: 2, period: PERIOD, by: [] });
    expect(after.data.networkThemes.version).toBe(2);
    expect(after.data.networkThemes.themes[0].figures).toMatchObject({ version: 2, coverage: { partnersAnswered: 3 } });
  });

  it('takes answers from partner staff through a mutation, refusing bad input by field, and codes them before the next figure', async () => {
    const [partnerId, partner] = [...coalition.partners][0];
    const [record] = await partner.database.dataSource.query(
      `SELECT p.local_id FROM participant p WHERE NOT EXISTS (SELECT 1 FROM survey_answer a WHERE a.participant_local_id = p.local_id AND a.question_code = 'BARRIERS_HELPS' AND a.wave = 'FOLLOW_UP') LIMIT 1`,
    );
    const RECORD = `mutation R($partnerId: ID!, $input: SurveyAnswerInput!) { recordSurveyAnswer(partnerId: $partnerId, input: $input) { localId wave changed } }`;
    const staff = tokens.staff(partnerId);
    const input = {
      localId: record.local_id,
      questionCode: 'BARRIERS_HELPS',
      wave: 'FOLLOW_UP',
      answeredOn: '2025-03-01',
      answerText: 'No car, and the daycare closed.',
    };
    for (const [bad, field] of [
      [{ ...input, answerText: 'x'.repeat(10_001) }, 'answerText'],
      [{ ...input, answerNumber: 3 }, 'answerNumber'],
      [{ ...input, questionCode: 'barriers' }, 'questionCode'],
      [{ ...input, answeredOn: '2025-02-30' }, 'answeredOn'],
    ] as const) {
      const refused = await ask(RECORD, { partnerId, input: bad }, staff);
      expect({ field, code: refused.errors?.[0]?.extensions?.code }).toEqual({ field, code: 'BAD_USER_INPUT' });
      // Named in the error: as its field (checked by the partner), or in the message (a date the scalar refuses).
      expect({ field, named: refused.errors?.[0]?.extensions?.field === field || refused.errors?.[0]?.message.includes(field) }).toEqual({
        field,
        named: true,
      });
    }
    expect((await ask(RECORD, { partnerId, input }, tokens.backbone())).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const stored = await ask(RECORD, { partnerId, input }, staff);
    expect(stored.errors).toBeUndefined();
    expect(stored.data.recordSurveyAnswer).toEqual({ localId: record.local_id, wave: 'FOLLOW_UP', changed: true });
    expect((await ask(RECORD, { partnerId, input }, staff)).data.recordSurveyAnswer.changed).toBe(false);
    const audit = await ask(
      `query A($partnerId: ID!, $localId: ID) { answerCodings(partnerId: $partnerId, codebook: "WORKFORCE_BARRIERS", version: 1, localId: $localId) { codings { wave themes { theme } } } }`,
      { partnerId, localId: record.local_id },
      staff,
    );
    // Coded in the background after it was recorded, or by the time a figure asks.
    await ask(THEMES, { version: 1, wave: 'FOLLOW_UP', period: PERIOD, by: [] });
    const coded = await ask(
      `query A($partnerId: ID!, $localId: ID) { answerCodings(partnerId: $partnerId, codebook: "WORKFORCE_BARRIERS", version: 1, localId: $localId) { codings { wave themes { theme } } } }`,
      { partnerId, localId: record.local_id },
      staff,
    );
    expect(audit.errors).toBeUndefined();
    const followUp = coded.data.answerCodings.codings.find((c: { wave: string }) => c.wave === 'FOLLOW_UP');
    expect(followUp.themes.map((t: { theme: string }) => t.theme).sort()).toEqual(['CHILDCARE', 'TRANSPORTATION']);
  });

  it('codes an edited answer again before the next figure, and a refused answer keeps its reason', async () => {
    const [partnerId, partner] = [...coalition.partners][0];
    const source = partner.database.dataSource;
    const [target] = await source.query(
      `SELECT a.id, p.local_id FROM survey_answer a JOIN participant p ON p.local_id = a.participant_local_id JOIN theme_coding t ON t.answer_id = a.id
        WHERE a.wave = 'EXIT' AND t.codebook_version = 1 AND t.status = 'CODED' AND NOT ('HOUSING' = ANY(t.themes))
          AND p.exited_on >= DATE '2024-07-01' AND p.exited_on < DATE '2025-07-01' AND (p.gsid IS NULL OR p.gsid NOT IN (
            SELECT gsid FROM participant GROUP BY gsid HAVING count(*) > 1))
        ORDER BY a.id LIMIT 1`,
    );
    const housing = async () => {
      const answer = await ask(THEMES, { version: 1, period: PERIOD, by: ['PARTNER'] });
      const theme = answer.data.networkThemes.themes.find((t: { code: string }) => t.code === 'HOUSING');
      return theme.figures.cells.find((c: { key: string }) => c.key === `PARTNER=${partnerId}`).current.numerator as number;
    };
    const was = await housing();
    await source.query(`UPDATE survey_answer SET answer_text = 'We were evicted in March and stayed in a shelter.' WHERE id = $1`, [target.id]);
    expect(await housing()).toBe(was + 1);
    await source.query(`UPDATE survey_answer SET answer_text = '' WHERE id = $1`, [target.id]);
    await housing();
    const [coding] = await source.query(`SELECT status, reason FROM theme_coding WHERE answer_id = $1 AND codebook_version = 1`, [target.id]);
    expect(coding).toEqual({ status: 'REFUSED', reason: 'EMPTY' });
  });
});
