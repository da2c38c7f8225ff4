import type { DataSource } from 'typeorm';
import { IndicatorService, createPartnerDataSource, type PartnerDataSource } from '@coalition/partner';
import { createRegistryDataSource } from '@coalition/registry';
import {
  defineIndicatorKind,
  dimensionDescriptors,
  indicatorKinds,
  indicatorRules,
  mergeMeasures,
  parseOutcomeRef,
  raceGroupOf,
  type ContractRecord,
  type Dimension,
  type OutcomeRef,
} from '@coalition/shared';
import { createTestDatabase } from '../support/database';

/**
 * Dimensions and indicator kinds are modules: their SQL runs in a partner's PostgreSQL, their
 * JavaScript in the gateway and the tools. These checks hold the two equal on a real database,
 * on the records where they could drift apart, and run throwaway modules through the real SQL.
 */
const PARTNER_ID = 'north-partner';

// [local id, sex, race/ethnicity codes, birth year, enrolled on, county, program type]
const RECORDS: Array<[string, string, string[], number | null, string, string | null, string]> = [
  ['r01', 'FEMALE', [], 1990, '2024-01-15', '06001', 'TRAINING'],
  ['r02', 'MALE', ['ASIAN'], 2009, '2024-04-01', null, 'PLACEMENT'],
  ['r03', 'FEMALE', ['ASIAN', 'ASIAN'], 2006, '2024-07-01', '06075', 'TRAINING'],
  ['r04', 'NOT_SELF_IDENTIFIED', ['WHITE', 'ASIAN', 'WHITE'], 2008, '2024-12-31', null, 'RETENTION_COACHING'],
  ['r05', 'MALE', ['HISPANIC_LATINO', 'HISPANIC_LATINO', 'HISPANIC_LATINO'], null, '2025-03-31', '06001', 'TRAINING'],
  ['r06', 'FEMALE', ['BLACK_AFRICAN_AMERICAN', 'WHITE'], 1965, '2025-06-30', '06085', 'PLACEMENT'],
  ['r07', 'MALE', ['WHITE', 'WHITE', 'BLACK_AFRICAN_AMERICAN'], 1966, '2025-06-30', null, 'TRAINING'],
  ['r08', 'FEMALE', ['NATIVE_HAWAIIAN_PACIFIC_ISLANDER'], 2010, '2025-09-30', '06001', 'RETENTION_COACHING'],
  ['r09', 'MALE', ['AMERICAN_INDIAN_ALASKA_NATIVE', 'AMERICAN_INDIAN_ALASKA_NATIVE'], 1971, '2025-10-01', '06013', 'PLACEMENT'],
];

/**
 * Coded free-text answers (SENTIMENT): [local id, answered on, status, sentiment]. At the cut
 * (-0.1, 0.1) and just inside it; a later answer wins over an earlier one; a refused one is none.
 */
const CODED: Array<[string, string, 'CODED' | 'REFUSED', number | null]> = [
  ['r02', '2024-05-01', 'CODED', -0.1],
  ['r03', '2024-08-01', 'CODED', 0.099],
  ['r04', '2025-01-10', 'CODED', 0.1],
  ['r05', '2025-04-01', 'CODED', -0.8],
  ['r05', '2025-05-01', 'CODED', 0.5],
  ['r06', '2025-07-01', 'REFUSED', null],
];
const sentimentOf = (localId: string) => CODED.filter((c) => c[0] === localId && c[2] === 'CODED').sort((a, b) => (a[1] < b[1] ? 1 : -1))[0]?.[3] ?? null;

const recordOf = ([localId, sex, raceEthnicity, birthYear, enrolledOn, countyFips, programType]: (typeof RECORDS)[number]): ContractRecord => ({
  answerSentiment: sentimentOf(localId),
  partnerId: PARTNER_ID,
  sex,
  raceEthnicity,
  birthYear,
  enrolledOn,
  countyFips,
  programType,
});

/** A partner database built by the migrations, holding RECORDS (each with an EARN_Q2 outcome), for one describe block. */
function partnerDatabase(): () => DataSource {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let partner: PartnerDataSource;
  beforeAll(async () => {
    db = await createTestDatabase('modules');
    partner = createPartnerDataSource(db.url);
    await partner.dataSource.initialize();
    await partner.dataSource.runMigrations({ transaction: 'each' });
    for (const [localId, sex, race, birthYear, enrolledOn, county, programType] of RECORDS) {
      await partner.dataSource.query(
        `INSERT INTO participant (local_id, sex, race_ethnicity, birth_year, enrolled_on, exited_on, county_fips, program_type)
         VALUES ($1, $2, $3, $4, $5, $5::date + 30, $6, $7)`,
        [localId, sex, race, birthYear, enrolledOn, county, programType],
      );
      await partner.dataSource.query(
        `INSERT INTO outcome (participant_local_id, indicator_code, indicator_version, value_number, period, wave, observed_on)
         VALUES ($1, 'EARN_Q2', 1, $2, 'Q2_AFTER_EXIT', 'FOLLOW_UP', $3::date + 200)`,
        [localId, 1000 + Number(localId.slice(1)), enrolledOn],
      );
    }
    await partner.dataSource.query(`INSERT INTO theme_codebook (code, version, body, digest) VALUES ('TEST', 1, '{}', 'test')`);
    for (const [i, [localId, answeredOn, status, sentiment]] of CODED.entries()) {
      const [{ id }] = await partner.dataSource.query(
        `INSERT INTO survey_answer (participant_local_id, question_code, answer_text, wave, answered_on) VALUES ($1, $2, 'text', 'EXIT', $3) RETURNING id`,
        [localId, `Q${i}`, answeredOn],
      );
      await partner.dataSource.query(
        `INSERT INTO theme_coding (answer_id, codebook_code, codebook_version, coder_id, status, reason, sentiment, text_md5) VALUES ($1, 'TEST', 1, 'test', $2, $3, $4, md5('text'))`,
        [id, status, status === 'REFUSED' ? 'EMPTY' : null, sentiment],
      );
    }
  });
  afterAll(async () => {
    await partner?.dataSource.destroy();
    await db?.drop();
  });
  return () => partner.dataSource;
}

describe('dimension modules on a real PostgreSQL: SQL equals JavaScript', () => {
  const database = partnerDatabase();

  async function sqlValues(code: string): Promise<string[]> {
    const params: unknown[] = [];
    const expression = dimensionDescriptors.require(code).sql({ partnerId: () => `$${params.push(PARTNER_ID)}::text` });
    const rows: Array<{ v: string }> = await database().query(`SELECT ${expression} AS v FROM participant p ORDER BY p.local_id`, params);
    return rows.map((r) => String(r.v));
  }

  it('gives every dimension the same value in SQL as in JavaScript, repeated race codes included', async () => {
    for (const descriptor of dimensionDescriptors.all()) {
      const js = RECORDS.map((r) => descriptor.of(recordOf(r)));
      expect({ dimension: descriptor.code, values: await sqlValues(descriptor.code) }).toEqual({ dimension: descriptor.code, values: js });
    }
  });

  it('counts a race code selected twice as one code, in SQL and in JavaScript alike', async () => {
    const sql = await sqlValues('RACE_GROUP');
    expect(sql).toEqual(RECORDS.map((r) => raceGroupOf(r[2] as Parameters<typeof raceGroupOf>[0])));
    expect(sql.slice(2, 5)).toEqual(['ASIAN', 'MULTIRACIAL', 'HISPANIC_LATINO']);
    expect(sql[6]).toBe('MULTIRACIAL');
    expect(sql[8]).toBe('AMERICAN_INDIAN_ALASKA_NATIVE');
  });
});

describe("a throwaway kind by a throwaway dimension, through a partner's SQL", () => {
  const database = partnerDatabase();
  const total = defineIndicatorKind({
    code: 'TOTAL',
    summary: 'the total of a numeric outcome',
    parts: { total: { label: 'a total', parse: parseOutcomeRef } },
    measures: ['sum'],
    value: (spec, sql) => sql.latest(spec.total as OutcomeRef),
    merge: mergeMeasures,
    figure: (_people, m) => m.sum ?? 0,
  });
  const year = {
    code: 'ENROLLED_YEAR',
    label: 'year of enrollment',
    order: 45,
    backboneOnly: true,
    sql: () => 'extract(year FROM p.enrolled_on)::int::text',
    of: (r: ContractRecord) => r.enrolledOn.slice(0, 4),
  };
  let removals: Array<() => void> = [];
  beforeAll(() => {
    removals = [indicatorKinds.register(total), dimensionDescriptors.register(year)];
  });
  afterAll(() => {
    for (const remove of removals) remove();
  });

  it('computes its cells equal to plain SQL', async () => {
    const spec = {
      count: 'RECORDS',
      anchor: 'ENROLLMENT',
      population: [],
      total: { indicator: 'EARN_Q2', period: 'Q2_AFTER_EXIT' },
      dimensions: ['ENROLLED_YEAR'],
      periods: ['DATE_RANGE'],
    };
    const period = { kind: 'dates', from: '2024-01-01', before: '2026-01-01' };
    const answer = await new IndicatorService(database()).cells(PARTNER_ID, { kind: 'TOTAL', spec, period }, ['ENROLLED_YEAR' as Dimension], []);
    const plain: Array<{ year: string; people: number; total: number }> = await database().query(
      `SELECT extract(year FROM p.enrolled_on)::int::text AS year, count(*)::int AS people, sum(o.value_number)::float8 AS total
         FROM participant p JOIN outcome o ON o.participant_local_id = p.local_id AND o.indicator_code = 'EARN_Q2' GROUP BY 1 ORDER BY 1`,
    );
    expect(answer.cells.map((c) => [c.key, c.people, c.sum])).toEqual(plain.map((r) => [`ENROLLED_YEAR=${r.year}`, r.people, r.total]));
  });
});

describe('the registry keeps no list of kinds of its own', () => {
  let registry: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await createTestDatabase('modules_registry');
    drop = database.drop;
    registry = createRegistryDataSource(database.url);
    await registry.initialize();
    await registry.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    await registry?.destroy();
    await drop?.();
  });

  it('stores only kinds a module implements, every rule checked by that module', async () => {
    type Row = { code: string; kind: string; definition: Record<string, unknown> };
    const rows: Row[] = await registry.query('SELECT code, kind, definition FROM indicator_definition');
    for (const row of rows) {
      expect({ code: row.code, registered: indicatorKinds.has(row.kind) }).toEqual({ code: row.code, registered: true });
      expect(() => indicatorRules(row.kind, row.definition)).not.toThrow();
    }
  });

  it("checks a kind code's shape only: the list is the kind modules'", async () => {
    const insert = (kind: string) =>
      registry.query(
        `INSERT INTO indicator_definition (code, version, name, description, kind, unit, value_type, definition, published_on)
       VALUES ('NEW_KIND_TEST', 1, 'n', 'd', $1, 'USD', 'NUMBER', '{}', DATE '2027-01-01')`,
        [kind],
      );
    await expect(insert('total; drop')).rejects.toThrow(/indicator_definition_kind_shape/);
    await insert('TOTAL');
  });
});
