// Over 300 lines on purpose: every case checks figures against the pooled database of one coalition, started once.
import { createRegistryServices } from '@coalition/registry';
import { gsidFromBytes } from '@coalition/shared';
import { asGateway, graphql, tokens } from '../support/graphql';
import { partnerSqlCounts, sqlDelta, startTestCoalition } from '../support/coalition';
import { PooledDatabase, pooledIndicator, type PooledCell } from '../support/pooled';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

const FIGURE = 'people numerator value suppressed suppression';
const CELL = `key values { dimension value } current { ${FIGURE} } previous { ${FIGURE} } change`;
const RESULT = `code version kind countUnit period comparisonPeriod dimensions
  disclosureControl { applied minimumCellSize protection cubeDimensions }
  cells { ${CELL} } total { ${CELL} } margins { dimensions cells { ${CELL} } }
  coverage { partnersAsked partnersAnswered missing { partnerId reason } }`;
const QUERY = `query Indicator($code: String!, $version: Int, $period: IndicatorPeriod!, $by: [Dimension!], $compareTo: IndicatorPeriod, $release: String) {
  networkIndicator(code: $code, version: $version, period: $period, by: $by, compareTo: $compareTo, release: $release) { ${RESULT} }
}`;

const PY2024 = { from: '2024-07-01', before: '2025-07-01' };
const PY2023 = { from: '2023-07-01', before: '2024-07-01' };

interface Cell {
  key: string;
  current: { people: number | null; numerator: number | null; value: number | null; suppressed: boolean; suppression: string | null };
  previous: Cell['current'] | null;
  change: number | null;
}

/** Every table of an answer: the cells, the total and the margins, by their dimensions. */
function tablesOf(answer: any): Array<{ dimensions: string[]; cells: Cell[] }> {
  return [{ dimensions: [], cells: [answer.total] }, ...answer.margins, { dimensions: answer.dimensions, cells: answer.cells }];
}

function expectSame(cells: Cell[], expected: Map<string, PooledCell>, label: string): void {
  const shown = cells.filter((c) => c.current.people! > 0);
  expect({ label, keys: shown.map((c) => c.key).sort() }).toEqual({ label, keys: [...expected.keys()].sort() });
  for (const cell of shown) {
    const want = expected.get(cell.key)!;
    expect({ label, key: cell.key, people: cell.current.people, numerator: cell.current.numerator }).toEqual({
      label,
      key: cell.key,
      people: want.people,
      numerator: want.numerator,
    });
    expect(cell.current.value).toBeCloseTo(want.value!, 6);
  }
}

describe('network indicators through the gateway (registry, three partners, real HTTP)', () => {
  let coalition: TestCoalition;
  let gateway: string;
  let pooled: PooledDatabase;

  beforeAll(async () => {
    // Funders may read live figures in this coalition (FUNDER_LIVE_FIGURES): live disclosure control
    // is what these tests check (released figures: tests/e2e/releases.test.ts).
    // No answer cache: these tests count what partners run for each question.
    coalition = await startTestCoalition('indicators', { gateway: { fundersSeeLive: true, answerCacheMb: 0 } });
    gateway = coalition.gateway.url;
    pooled = await PooledDatabase.load(coalition);
  });

  afterAll(async () => {
    await pooled?.close();
    await coalition?.dispose();
  });

  const ask = (variables: Record<string, unknown>, token?: string | null) =>
    graphql(gateway, QUERY, { release: 'LIVE', ...variables }, token === undefined ? {} : { token });

  it('equals plain SQL over one pooled database for every indicator kind and dimension combination tried', async () => {
    const combinations = [
      [],
      ['PARTNER'],
      ['SEX'],
      ['RACE_GROUP'],
      ['AGE_BAND'],
      ['COUNTY'],
      ['COHORT'],
      ['PROGRAM_TYPE'],
      ['PARTNER', 'SEX'],
      ['SEX', 'RACE_GROUP'],
      ['PARTNER', 'SEX', 'RACE_GROUP'],
      ['AGE_BAND', 'COUNTY', 'PROGRAM_TYPE'],
      ['PARTNER', 'SEX', 'RACE_GROUP', 'AGE_BAND'],
    ];
    const indicators = ['EMP_Q2', 'EXITERS', 'EARN_Q2', 'EARN_PRE', 'COMPLETION'] as const;
    let compared = 0;
    for (const code of indicators) {
      for (const by of combinations) {
        const result = await ask({ code, period: { programYear: 2024 }, by, compareTo: { programYear: 2023 } });
        expect(result.errors).toBeUndefined();
        const answer = result.data.networkIndicator;
        expect(answer).toMatchObject({
          code,
          version: code === 'EXITERS' ? 1 : 2,
          period: 'PY2024',
          comparisonPeriod: 'PY2023',
          disclosureControl: { applied: false },
        });
        for (const table of tablesOf(answer)) {
          expectSame(table.cells, await pooledIndicator(pooled, code, table.dimensions, PY2024), `${code} by ${table.dimensions.join(',')}`);
          const before = await pooledIndicator(pooled, code, table.dimensions, PY2023);
          for (const cell of table.cells) {
            expect(cell.previous!.people).toBe(before.get(cell.key)?.people ?? 0);
            if (cell.change !== null) expect(cell.change).toBeCloseTo(cell.current.value! - cell.previous!.value!, 9);
          }
          compared += table.cells.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(2000);
  });

  it('takes a quarter, an enrollment cohort and a date range as the period', async () => {
    const cases = [
      [{ quarter: '2024Q4' }, { from: '2024-10-01', before: '2025-01-01' }],
      [{ cohort: '2024Q2' }, { cohort: '2024Q2' }],
      [
        { from: '2024-03-15', to: '2025-02-28' },
        { from: '2024-03-15', before: '2025-03-01' },
      ],
    ] as const;
    for (const [period, pooledPeriod] of cases) {
      const result = await ask({ code: 'EMP_Q2', period, by: ['PARTNER', 'SEX'] });
      expect(result.errors).toBeUndefined();
      for (const table of tablesOf(result.data.networkIndicator)) {
        expectSame(table.cells, await pooledIndicator(pooled, 'EMP_Q2', table.dimensions, pooledPeriod), JSON.stringify(period));
      }
      expect(result.data.networkIndicator.total.current.people).toBeGreaterThan(0);
    }
  });

  it('counts a person who left programs at two partners once in the network total, at their latest exit', async () => {
    const { rows } = await pooled.client.query(`
      SELECT count(*)::int AS records, count(DISTINCT gsid)::int AS people,
             (SELECT count(*)::int FROM (SELECT gsid FROM participant WHERE exited_on >= '2024-07-01' AND exited_on < '2025-07-01' GROUP BY gsid HAVING count(DISTINCT partner_id) > 1) s) AS shared
        FROM participant WHERE exited_on >= '2024-07-01' AND exited_on < '2025-07-01'`);
    expect(rows[0].shared).toBeGreaterThan(10);
    const result = await ask({ code: 'EXITERS', period: { programYear: 2024 }, by: ['PARTNER'] });
    const answer = result.data.networkIndicator;
    expect(answer.countUnit).toBe('PEOPLE');
    expect(answer.total.current.people).toBe(rows[0].people);
    expect(answer.total.current.people).toBeLessThan(rows[0].records);
    // Partner cells add up to the network: each person is in exactly one partner's cell.
    expect(answer.cells.reduce((acc: number, c: Cell) => acc + c.current.people!, 0)).toBe(rows[0].people);
  });

  it('names the argument for bad input', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ code: 'NOPE', period: { programYear: 2024 } }, 'NOT_FOUND', /indicator code 'NOPE'/],
      [{ code: 'EMP_Q2', version: 9, period: { programYear: 2024 } }, 'NOT_FOUND', /EMP_Q2 v9/],
      [{ code: 'EMP_Q2', version: 1, period: { programYear: 2024 } }, 'BAD_USER_INPUT', /Invalid version: EMP_Q2 v1 has no computable rules/],
      [{ code: 'WAGE_GAIN', version: 1, period: { programYear: 2024 } }, 'BAD_USER_INPUT', /Invalid version: WAGE_GAIN v1 has no computable rules/],
      [
        { code: 'WAGE_GAIN', period: { programYear: 2024 } },
        'BAD_USER_INPUT',
        /Invalid code: WAGE_GAIN v2 pairs two values per person across partners: ask prePostChange/,
      ],
      [{ code: 'EMP_Q2', period: {} }, 'BAD_USER_INPUT', /Invalid period: is empty/],
      [{ code: 'EMP_Q2', period: { programYear: 2024, quarter: '2024Q1' } }, 'BAD_USER_INPUT', /Invalid period: give exactly one/],
      [
        { code: 'EMP_Q2', period: { from: '2025-01-01', to: '2024-12-31' } },
        'BAD_USER_INPUT',
        /Invalid period.to: 2024-12-31 is before period.from 2025-01-01/,
      ],
      [{ code: 'EMP_Q2', period: { from: '2025-02-30', to: '2025-03-31' } }, 'BAD_USER_INPUT', /Invalid period.from: "2025-02-30" is not a real date/],
      [{ code: 'EMP_Q2', period: { from: '2025-01-01' } }, 'BAD_USER_INPUT', /Invalid period.to: is missing/],
      [{ code: 'EMP_Q2', period: { quarter: '2025Q5' } }, 'BAD_USER_INPUT', /Invalid period.quarter/],
      [{ code: 'EMP_Q2', period: { programYear: 2024 }, compareTo: { cohort: '25Q1' } }, 'BAD_USER_INPUT', /Invalid compareTo.cohort/],
      [
        { code: 'EMP_Q2', period: { programYear: 2024 }, by: ['PARTNER', 'SEX', 'RACE_GROUP', 'AGE_BAND', 'COUNTY'] },
        'BAD_USER_INPUT',
        /Invalid by: at most 4/,
      ],
    ];
    for (const [variables, code, message] of cases) {
      const result = await ask(variables);
      expect({ variables, code: result.errors?.[0]?.extensions?.code }).toEqual({ variables, code });
      expect(result.errors![0].message).toMatch(message);
    }
  });

  describe('disclosure control for funders and partner staff', () => {
    it("suppresses every cell of 1 to 10 people, flags why, and shows only figures equal to the backbone's", async () => {
      const variables = { code: 'EMP_Q2', period: { programYear: 2024 }, by: ['PARTNER', 'SEX', 'RACE_GROUP'], compareTo: { programYear: 2023 } };
      const [full, funded] = await Promise.all([ask(variables), ask(variables, tokens.funder())]);
      expect(funded.errors).toBeUndefined();
      const answer = funded.data.networkIndicator;
      expect(answer.disclosureControl).toEqual({
        applied: true,
        minimumCellSize: 11,
        protection: 3,
        cubeDimensions: ['PARTNER', 'SEX', 'RACE_GROUP', 'AGE_BAND'],
      });
      const backbone = new Map(tablesOf(full.data.networkIndicator).flatMap((t) => t.cells.map((c) => [`${t.dimensions}:${c.key}`, c])));
      let small = 0;
      let complementary = 0;
      for (const table of tablesOf(answer)) {
        for (const cell of table.cells) {
          const truth = backbone.get(`${table.dimensions}:${cell.key}`)!;
          for (const side of ['current', 'previous'] as const) {
            const figure = cell[side]!;
            const people = truth[side]!.people!;
            if (people > 0 && people < 11) {
              small++;
              expect({ key: cell.key, side, suppressed: figure.suppressed, people: figure.people, value: figure.value }).toEqual({
                key: cell.key,
                side,
                suppressed: true,
                people: null,
                value: null,
              });
            }
            if (figure.suppressed) {
              // Whether a hidden figure is small is not said: that would bound it (docs/INDICATORS.md).
              expect(['PROTECTED', 'TABLE_WITHHELD']).toContain(figure.suppression);
              if (people >= 11) complementary++;
            } else {
              expect({ key: cell.key, side, people: figure.people, numerator: figure.numerator }).toEqual({
                key: cell.key,
                side,
                people,
                numerator: truth[side]!.numerator,
              });
            }
          }
          if (cell.current.suppressed || cell.previous!.suppressed) expect(cell.change).toBeNull();
        }
      }
      expect(small).toBeGreaterThan(10);
      expect(complementary).toBeGreaterThan(0);
    });

    it('gives a margin the same suppression whichever query it comes with', async () => {
      const margins = async (by: string[]) => {
        const result = await ask({ code: 'EXITERS', period: { programYear: 2024 }, by }, tokens.funder());
        expect(result.errors).toBeUndefined();
        const table = tablesOf(result.data.networkIndicator).find((t) => t.dimensions.join() === 'SEX,RACE_GROUP')!;
        return table.cells.map((c) => [c.key, c.current.suppressed, c.current.people]);
      };
      const alone = await margins(['SEX', 'RACE_GROUP']);
      expect(await margins(['PARTNER', 'SEX', 'RACE_GROUP'])).toEqual(alone);
      expect(await margins(['SEX', 'RACE_GROUP', 'AGE_BAND'])).toEqual(alone);
    });

    it("shows partner staff their own partner's cells and the network, no other partner", async () => {
      const result = await ask({ code: 'EXITERS', period: { programYear: 2024 }, by: ['PARTNER', 'SEX'] }, tokens.staff('bridgeway-placement'));
      expect(result.errors).toBeUndefined();
      const answer = result.data.networkIndicator;
      const partners = new Set(answer.cells.map((c: any) => c.values.find((v: any) => v.dimension === 'PARTNER').value));
      expect([...partners]).toEqual(['bridgeway-placement']);
      expect(answer.total.current.people).toBeGreaterThan(100);
      const byPartner = answer.margins.find((m: any) => m.dimensions.join() === 'PARTNER');
      expect(byPartner.cells.map((c: any) => c.key)).toEqual(['PARTNER=bridgeway-placement']);
    });

    it('refuses what could be differenced: quarters, and dimensions outside the protected cube', async () => {
      const quarter = await ask({ code: 'EMP_Q2', period: { quarter: '2024Q4' } }, tokens.funder());
      expect(quarter.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      expect(quarter.errors![0].message).toMatch(/^period: funders and partner staff get whole program years only/);
      const county = await ask({ code: 'EMP_Q2', period: { programYear: 2024 }, by: ['COUNTY'] }, tokens.staff('northside-training'));
      expect(county.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
      expect(county.errors![0].message).toMatch(/^by: COUNTY is for the backbone only/);
    });

    it('keeps raw cells out of the public graph: no role can ask for them', async () => {
      const raw = `{ indicatorCells(partnerId: "northside-training", kind: "COUNT", spec: { count: "PEOPLE", anchor: "EXIT", population: [], dimensions: ["SEX"], periods: ["PROGRAM_YEAR"] }, period: { kind: "dates", from: "2024-07-01", before: "2025-07-01" }, by: [SEX]) { cells { key people } } }`;
      for (const token of [tokens.funder(), tokens.staff('northside-training'), tokens.backbone()]) {
        const result = await graphql(gateway, raw, {}, { token });
        expect(result.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
      }
      const shared = await graphql(
        gateway,
        `{ sharedStakeholders(partnerIds: ["northside-training", "bridgeway-placement"]) { people { gsid } } }`,
        {},
        { token: tokens.funder() },
      );
      expect(shared.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const rows = await graphql(
        gateway,
        `{ indicatorRows(partnerId: "northside-training", kind: "COUNT", spec: { count: "PEOPLE", anchor: "EXIT", population: [], dimensions: ["SEX"], periods: ["PROGRAM_YEAR"] }, period: { kind: "dates", from: "2024-07-01", before: "2025-07-01" }) }`,
        {},
        { token: tokens.funder() },
      );
      expect(rows.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  it('asks each partner one request and one SQL statement per question: both periods, shared people and cells together', async () => {
    const requests = () => new Map([...coalition.partners].map(([id, p]) => [id, p.server!.requestCount()]));
    const [before, statements] = [requests(), partnerSqlCounts(coalition)];
    const result = await ask({
      code: 'EMP_Q2',
      period: { programYear: 2024 },
      by: ['PARTNER', 'SEX', 'RACE_GROUP', 'AGE_BAND'],
      compareTo: { programYear: 2023 },
    });
    expect(result.errors).toBeUndefined();
    const once = Object.fromEntries([...coalition.partners.keys()].map((id) => [id, 1]));
    expect(Object.fromEntries([...requests()].map(([id, n]) => [id, n - before.get(id)!]))).toEqual(once);
    expect(sqlDelta(coalition, statements)).toEqual(once);
  });

  describe("a partner's indicatorShare (the internal protocol, asked as the gateway's analytics service)", () => {
    const NORTH = 'northside-training';
    const SPEC = { count: 'PEOPLE', anchor: 'EXIT', population: [], dimensions: ['SEX'], periods: ['PROGRAM_YEAR'] };
    const PERIODS = [
      { kind: 'dates', ...PY2024 },
      { kind: 'dates', ...PY2023 },
    ];
    const SHARE = `query Share($partnerId: ID!, $kind: String!, $spec: JSONObject!, $periods: [JSONObject!]!, $by: [Dimension!]!, $shared: [ID!]!) {
      indicatorShare(partnerId: $partnerId, kind: $kind, spec: $spec, periods: $periods, by: $by, shared: $shared) {
        cells { key values { dimension value } people numerator sum sortedValues }
        records
      }
    }`;
    const CELLS = `query Cells($partnerId: ID!, $kind: String!, $spec: JSONObject!, $period: JSONObject!, $by: [Dimension!]!) {
      indicatorCells(partnerId: $partnerId, kind: $kind, spec: $spec, period: $period, by: $by) { cells { key people } }
    }`;
    const asAnalytics = (query: string, variables: Record<string, unknown>) =>
      asGateway(
        coalition.partners.get(NORTH)!.server!.url,
        NORTH,
        coalition.proofKeys.privateKey,
        query,
        variables,
        { subject: 'coalition-gateway:analytics', role: 'backbone_analyst' },
        'analytics',
      );
    const share = (variables: Record<string, unknown>) =>
      asAnalytics(SHARE, { partnerId: NORTH, kind: 'COUNT', spec: SPEC, periods: PERIODS, by: ['SEX'], shared: [], ...variables });

    it('answers both periods in one statement: cells of everyone else, and one tuple per shared GSID that qualifies', async () => {
      const { rows } = await pooled.client.query(
        `SELECT DISTINCT gsid FROM participant WHERE partner_id = $1 AND gsid IS NOT NULL AND exited_on >= '2023-07-01' AND exited_on < '2025-07-01' ORDER BY gsid LIMIT 60`,
        [NORTH],
      );
      const shared = rows.map((r) => r.gsid as string);
      const statements = partnerSqlCounts(coalition);
      const answer = await share({ shared });
      expect(answer.errors).toBeUndefined();
      expect(sqlDelta(coalition, statements)[NORTH]).toBe(1);
      const periods = answer.data.indicatorShare;
      expect(periods).toHaveLength(2);
      for (const [i, period] of PERIODS.entries()) {
        const whole = await asAnalytics(CELLS, { partnerId: NORTH, kind: 'COUNT', spec: SPEC, period, by: ['SEX'] });
        const { cells, records } = periods[i];
        // Column by column: one entry per shared person in each.
        const people = records.gsid.map((gsid: string, n: number) => ({
          gsid,
          anchorOn: records.anchorOn[n],
          values: records.values[n],
          hit: records.hit[n],
          value: records.value[n],
        }));
        for (const column of ['anchorOn', 'values', 'hit', 'value']) expect(records[column]).toHaveLength(people.length);
        const gsids = people.map((p: { gsid: string }) => p.gsid);
        expect(new Set(gsids).size).toBe(gsids.length);
        expect(gsids.every((g: string) => shared.includes(g))).toBe(true);
        expect(people.length).toBeGreaterThan(0);
        // Every person is in a cell or a tuple, never both: together they are the partner's whole count.
        for (const cell of whole.data.indicatorCells.cells) {
          const inCell = cells.find((c: { key: string }) => c.key === cell.key)?.people ?? 0;
          const tuples = people.filter((p: any) => `SEX=${p.values[0]}` === cell.key).length;
          expect({ key: cell.key, people: inCell + tuples }).toEqual({ key: cell.key, people: cell.people });
        }
        for (const person of people) {
          expect(person.anchorOn >= period.from && person.anchorOn < period.before).toBe(true);
          expect(person).toMatchObject({ hit: null, value: null });
        }
      }
    });

    it('names the argument for bad input: more than two periods, a malformed GSID, shared people when counting records', async () => {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ periods: [...PERIODS, PERIODS[0]] }, /Invalid periods: /],
        [{ periods: [] }, /Invalid periods: /],
        [{ periods: [PERIODS[0], { kind: 'dates', from: '2024-01-01' }] }, /Invalid periods\[1\]\.before/],
        [{ shared: ['not-a-gsid'] }, /Invalid shared: "not-a-gsid" is not a well-formed GSID/],
        [{ spec: { ...SPEC, count: 'RECORDS' }, shared: [gsidFromBytes(new Uint8Array(8))] }, /Invalid shared: /],
      ];
      for (const [variables, message] of cases) {
        const answer = await share(variables);
        expect({ variables, code: answer.errors?.[0]?.extensions?.code }).toEqual({ variables, code: 'BAD_USER_INPUT' });
        expect(answer.errors![0].message).toMatch(message);
      }
    });

    it('stays out of the public graph', async () => {
      const raw = `{ indicatorShare(partnerId: "${NORTH}", kind: "COUNT", spec: {}, periods: [], by: [], shared: []) { records } }`;
      const result = await graphql(gateway, raw, {}, { token: tokens.backbone() });
      expect(result.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  it('notices a merge in the registry at once: the merged person counts once in the next answer', async () => {
    // Two people who each left one partner in PY2024, at different partners, never linked to each other.
    const { rows } = await pooled.client.query(`
      SELECT DISTINCT ON (partner_id) partner_id, gsid FROM participant
       WHERE exited_on >= DATE '2024-07-01' AND exited_on < DATE '2025-07-01' AND gsid IN (
         SELECT gsid FROM participant GROUP BY gsid HAVING count(*) = 1)
       ORDER BY partner_id, gsid`);
    const [first, second] = rows;
    expect(first.partner_id).not.toBe(second.partner_id);
    const total = async () => {
      const result = await ask({ code: 'EXITERS', period: { programYear: 2024 } });
      expect(result.errors).toBeUndefined();
      return result.data.networkIndicator.total.current.people as number;
    };
    const before = await total();
    expect(await total()).toBe(before);
    // The partner's own copy still holds the absorbed GSID: the registry asks it about both.
    await createRegistryServices(coalition.registryDataSource).review.merge(first.gsid, second.gsid, { actor: 'test analyst', reason: 'same person' });
    expect(await total()).toBe(before - 1);
  });

  it('with a partner down: the backbone gets the rest with coverage, a funder gets no partial figure', async () => {
    await coalition.stopPartner('steadypath-coaching');
    const backbone = await ask({ code: 'EXITERS', period: { programYear: 2024 }, by: ['PARTNER'] });
    expect(backbone.errors).toBeUndefined();
    const answer = backbone.data.networkIndicator;
    expect(answer.coverage).toMatchObject({ partnersAsked: 3, partnersAnswered: 2, missing: [{ partnerId: 'steadypath-coaching' }] });
    expect(answer.cells.map((c: Cell) => c.key)).not.toContain('PARTNER=steadypath-coaching');
    expect(backbone.extensions!.coverage.partnersAnswered).toBe(2);
    const funder = await ask({ code: 'EXITERS', period: { programYear: 2024 } }, tokens.funder());
    expect(funder.errors![0].extensions!.code).toBe('PARTNER_UNAVAILABLE');
    expect(funder.data?.networkIndicator ?? null).toBeNull();
  });
});
