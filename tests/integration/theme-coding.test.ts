import { createPartnerDataSource, ThemeCodingService, type PartnerDataSource } from '@coalition/partner';
import { compileCodebook, ruleCoder, WORKFORCE_BARRIERS_V1, type ThemeCoder } from '@coalition/shared/themes';
import { createTestDatabase } from '../support/database';

const ANSWERS: Array<[localId: string, text: string]> = [
  ['p1', 'The bus was always late and I had no one to watch my kids.'],
  ['p2', 'Transportation was never an issue. My coach helped me with my resume.'],
  ['p3', ''],
  ['p4', 'bad \u0001 bytes'],
  ['p5', 'x '.repeat(5_001)],
  ['p6', 'No tuve transporte y mis hijos estaban enfermos todo el mes pasado.'],
  ['p7', 'We were evicted and stayed at a shelter.'],
];

describe('theme coding at a partner (real PostgreSQL)', () => {
  let database: { url: string; drop(): Promise<void> };
  let partner: PartnerDataSource;
  const query = (sql: string, params: unknown[] = []) => partner.dataSource.query(sql, params);
  const version = async () => (await query('SELECT version::text AS v FROM data_version'))[0].v as string;

  beforeAll(async () => {
    database = await createTestDatabase('theme_coding');
    partner = createPartnerDataSource(database.url, { poolSize: 4 });
    await partner.dataSource.initialize();
    await partner.dataSource.runMigrations();
    for (const [localId, text] of ANSWERS) {
      await query(
        `INSERT INTO participant (local_id, enrolled_on, exited_on, program_type, sex) VALUES ($1, '2024-08-01', '2024-12-01', 'TRAINING', 'FEMALE')`,
        [localId],
      );
      await query(
        `INSERT INTO survey_answer (participant_local_id, question_code, answer_text, wave, answered_on) VALUES ($1, 'BARRIERS_HELPS', $2, 'EXIT', '2024-12-01')`,
        [localId, text],
      );
    }
    // Another question's answer and a number: not the codebook's to code.
    await query(`INSERT INTO survey_answer (participant_local_id, question_code, answer_text, wave) VALUES ('p1', 'OTHER_QUESTION', 'no car', 'INTAKE')`);
    await query(`INSERT INTO survey_answer (participant_local_id, question_code, answer_number, wave) VALUES ('p2', 'CONFIDENCE', 7, 'INTAKE')`);
  });

  afterAll(async () => {
    await partner?.dataSource.destroy();
    await database?.drop();
  });

  it('refuses a codebook that does not compile, naming the theme and the rule, and stores nothing', async () => {
    const themes = new ThemeCodingService(partner.dataSource);
    const broken = { ...WORKFORCE_BARRIERS_V1, themes: WORKFORCE_BARRIERS_V1.themes.map((t, i) => (i === 2 ? { ...t, rules: ['rent', 'no'] } : t)) };
    await expect(themes.install(broken)).rejects.toMatchObject({ details: { field: 'themes.HOUSING.rules[1]' } });
    expect(await query('SELECT count(*)::int AS n FROM theme_codebook')).toEqual([{ n: 0 }]);
  });

  it('codes every answer to the codebook’s questions once, with the rule that fired, and refusals with their reasons', async () => {
    const themes = new ThemeCodingService(partner.dataSource);
    const before = await version();
    const status = await themes.install(WORKFORCE_BARRIERS_V1);
    expect(status).toMatchObject({ codebook: 'WORKFORCE_BARRIERS', version: 1, answers: ANSWERS.length });
    await themes.idle();
    expect(await themes.status('WORKFORCE_BARRIERS', 1)).toMatchObject({ answers: 7, coded: 3, refused: 4, pending: 0, running: false, lastError: null });
    expect(await version()).not.toBe(before);
    const rows = await query(
      `SELECT a.participant_local_id AS id, t.status, t.themes, t.rules, t.reason, t.coder_id FROM theme_coding t JOIN survey_answer a ON a.id = t.answer_id ORDER BY 1`,
    );
    const byId = Object.fromEntries(rows.map((r: { id: string }) => [r.id, r]));
    expect(byId.p1.themes.sort()).toEqual(['CHILDCARE', 'TRANSPORTATION']);
    expect(byId.p2.themes.sort()).toEqual(['SKILLS_GAINED', 'STAFF_SUPPORT']);
    expect(byId.p7.themes).toEqual(['HOUSING']);
    expect(byId.p1.rules.length).toBe(byId.p1.themes.length);
    for (const [id, reason] of [
      ['p3', 'EMPTY'],
      ['p4', 'BINARY'],
      ['p5', 'TOO_LONG'],
      ['p6', 'NOT_ENGLISH'],
    ]) {
      expect({ id, status: byId[id].status, reason: byId[id].reason }).toEqual({ id, status: 'REFUSED', reason });
    }
    expect(new Set(rows.map((r: { coder_id: string }) => r.coder_id))).toEqual(new Set([ruleCoder(compileCodebook(WORKFORCE_BARRIERS_V1)).id]));
    // Idempotent: nothing to do again, and the data version stays.
    const after = await version();
    expect(await themes.codePending('WORKFORCE_BARRIERS', 1)).toBe(0);
    expect(await version()).toBe(after);
  });

  it('refuses the same version with other content: a changed codebook is a new version', async () => {
    const themes = new ThemeCodingService(partner.dataSource);
    const changed = { ...WORKFORCE_BARRIERS_V1, questions: ['Something else?'] };
    await expect(themes.install(changed)).rejects.toMatchObject({ details: { field: 'codebook' } });
    // The same content in another key order is the same version.
    const reordered = Object.fromEntries(Object.entries(WORKFORCE_BARRIERS_V1).reverse());
    await expect(themes.install(reordered)).resolves.toMatchObject({ pending: 0 });
  });

  it('codes an edited answer again, and forgets the codings of deleted and truncated answers', async () => {
    const themes = new ThemeCodingService(partner.dataSource);
    await query(`UPDATE survey_answer SET answer_text = 'My car broke down.' WHERE participant_local_id = 'p7' AND question_code = 'BARRIERS_HELPS'`);
    expect((await themes.status('WORKFORCE_BARRIERS', 1)).pending).toBe(1);
    expect(await themes.codePending('WORKFORCE_BARRIERS', 1)).toBe(1);
    const [p7] = await query(`SELECT t.themes FROM theme_coding t JOIN survey_answer a ON a.id = t.answer_id WHERE a.participant_local_id = 'p7'`);
    expect(p7.themes).toEqual(['TRANSPORTATION']);
    await query(`DELETE FROM survey_answer WHERE participant_local_id = 'p7'`);
    expect(await query('SELECT count(*)::int AS n FROM theme_coding')).toEqual([{ n: 6 }]);
    await query(`DELETE FROM participant WHERE local_id = 'p6'`);
    expect(await query('SELECT count(*)::int AS n FROM theme_coding')).toEqual([{ n: 5 }]);
  });

  it('records the coder a partner plugs in; changing the coder makes every answer pending again', async () => {
    const own: ThemeCoder = {
      id: 'partner-model@3',
      code: (text) =>
        text.includes('bus') ? { status: 'CODED', themes: [{ code: 'TRANSPORTATION', rule: 'model score 0.91' }] } : { status: 'CODED', themes: [] },
    };
    const themes = new ThemeCodingService(partner.dataSource, { coder: () => own });
    expect((await themes.status('WORKFORCE_BARRIERS', 1)).pending).toBe(5);
    await themes.codePending('WORKFORCE_BARRIERS', 1);
    const rows = await query(`SELECT DISTINCT coder_id FROM theme_coding`);
    expect(rows).toEqual([{ coder_id: 'partner-model@3' }]);
    const page = await themes.codings({ codebook: 'WORKFORCE_BARRIERS', version: 1, theme: 'TRANSPORTATION', first: 10 });
    expect(page.codings.map((c) => [c.localId, c.themes])).toEqual([['p1', [{ theme: 'TRANSPORTATION', rule: 'model score 0.91' }]]]);
  });

  it('figures wait for coding: a version not installed, or too much still to code, is refused with the reason', async () => {
    const themes = new ThemeCodingService(partner.dataSource, { inlineLimit: 1 });
    await expect(themes.assertCoded([{ codebook: 'WORKFORCE_BARRIERS', version: 2, wave: 'EXIT' }])).rejects.toMatchObject({
      code: 'PARTNER_UNAVAILABLE',
      details: { reason: expect.stringMatching(/not installed/) },
    });
    // The rule coder again: every answer is pending for it, more than may be coded while a figure waits.
    await expect(themes.assertCoded([{ codebook: 'WORKFORCE_BARRIERS', version: 1, wave: 'EXIT' }])).rejects.toMatchObject({
      code: 'PARTNER_UNAVAILABLE',
      details: { reason: expect.stringMatching(/being coded .* done/) },
    });
    await themes.idle();
    await expect(themes.assertCoded([{ codebook: 'WORKFORCE_BARRIERS', version: 1, wave: 'EXIT' }])).resolves.toBeUndefined();
  });

  it('checks a version once per data version: a figure’s twelve themes do not each count pending answers', async () => {
    const dataVersion = async () => (await query('SELECT version::text AS v FROM data_version'))[0].v as string;
    const themes = new ThemeCodingService(partner.dataSource, { dataVersion });
    const ref = [{ codebook: 'WORKFORCE_BARRIERS', version: 1, wave: 'EXIT' as const }];
    await themes.assertCoded(ref);
    const before = partner.sql.statements;
    await themes.assertCoded(ref);
    // One statement: the data version (here read by SQL; a partner's watcher keeps it in memory).
    expect(partner.sql.statements - before).toBe(1);
    await query(`UPDATE survey_answer SET answer_text = 'The shelter had a curfew.' WHERE participant_local_id = 'p1' AND question_code = 'BARRIERS_HELPS'`);
    await themes.assertCoded(ref);
    const [p1] = await query(
      `SELECT t.themes FROM theme_coding t JOIN survey_answer a ON a.id = t.answer_id WHERE a.participant_local_id = 'p1' AND a.question_code = 'BARRIERS_HELPS' AND t.codebook_version = 1`,
    );
    expect(p1.themes).toContain('HOUSING');
  });

  it('two services coding at once (two replicas) end with one coding per answer', async () => {
    await query('TRUNCATE survey_answer CASCADE');
    expect(await query('SELECT count(*)::int AS n FROM theme_coding')).toEqual([{ n: 0 }]);
    for (let i = 0; i < 300; i++) {
      await query(`INSERT INTO survey_answer (participant_local_id, question_code, answer_text, wave) VALUES ('p1', $1, 'no car and no childcare', 'EXIT')`, [
        `Q${i}`,
      ]);
    }
    const codebook = { ...WORKFORCE_BARRIERS_V1, version: 2, questionCodes: Array.from({ length: 300 }, (_, i) => `Q${i}`) };
    const [a, b] = [new ThemeCodingService(partner.dataSource, { batch: 50 }), new ThemeCodingService(partner.dataSource, { batch: 70 })];
    await a.install(codebook);
    await Promise.all([a.codePending('WORKFORCE_BARRIERS', 2), b.codePending('WORKFORCE_BARRIERS', 2)]);
    await a.idle();
    expect(await query(`SELECT count(*)::int AS n, count(DISTINCT answer_id)::int AS answers FROM theme_coding WHERE codebook_version = 2`)).toEqual([
      { n: 300, answers: 300 },
    ]);
    expect(await b.status('WORKFORCE_BARRIERS', 2)).toMatchObject({ answers: 300, coded: 300, pending: 0 });
  });
});
