import { sampleQueries, type PersonTruth } from '@coalition/demo';
import { graphql, tokens } from '../support/graphql';
import { partnerSqlCounts, sqlDelta, startTestCoalition } from '../support/coalition';
import { DEFAULT_OPERATION_LIMITS } from '@coalition/gateway';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

describe('the demo coalition end to end (gateway, registry, three partners, real HTTP)', () => {
  let coalition: TestCoalition;
  let gateway: string;

  beforeAll(async () => {
    // Batched person lookups of 100 aliases are what this file measures: limits raised to allow them.
    coalition = await startTestCoalition('e2e', {
      gateway: { limits: { ...DEFAULT_OPERATION_LIMITS, maxAliases: 200, maxRootFields: 200, maxCost: 100_000 } },
    });
    gateway = coalition.gateway.url;
  });

  afterAll(async () => {
    await coalition?.dispose();
  });

  it('a person view asks the registry and only the partners holding the person: 1 + holders calls, whatever the coalition size', async () => {
    const requests = () =>
      new Map([
        ['registry', coalition.registry.requestCount()],
        ...[...coalition.partners].map(([id, p]) => [id, p.server!.requestCount()] as [string, number]),
      ]);
    const holders = (person: PersonTruth) => [...new Set(person.records.map((r) => r.partnerId))].sort();
    for (const size of [1, 2, 3]) {
      const person = coalition.demo.people.find((p) => holders(p).length === size)!;
      const before = requests();
      const result = await graphql(gateway, `{ stakeholder(gsid: "${person.gsid}") { records { partnerId localId } } }`);
      expect(result.errors).toBeUndefined();
      expect(result.data.stakeholder.records.map((r: { partnerId: string }) => r.partnerId).sort()).toEqual(person.records.map((r) => r.partnerId).sort());
      const asked = Object.fromEntries([...requests()].filter(([id, n]) => n > before.get(id)!).map(([id, n]) => [id, n - before.get(id)!]));
      expect(asked).toEqual(Object.fromEntries([['registry', 1], ...holders(person).map((id) => [id, 1])]));
      expect(result.extensions?.coverage).toMatchObject({ partnersAsked: size, partnersAnswered: size, missing: [] });
    }
  });

  it('returns every record of a person at every partner under one GSID, as the seed truth says', async () => {
    const multi = coalition.demo.people.filter((p) => p.records.length >= 2);
    expect(multi.length).toBeGreaterThan(50);
    expect(multi.some((p) => p.records.length === 3)).toBe(true);
    const sortRecords = (records: Array<{ partnerId: string; localId: string }>) => records.map((r) => `${r.partnerId}/${r.localId}`).sort();
    for (let start = 0; start < multi.length; start += 60) {
      const batch: PersonTruth[] = multi.slice(start, start + 60);
      const query = `{ ${batch.map((p, i) => `p${i}: stakeholder(gsid: "${p.gsid}") { gsid links { partnerId localId } records { partnerId localId gsid sex stageEvents { stage } } }`).join('\n')} }`;
      const result = await graphql(gateway, query);
      expect(result.errors).toBeUndefined();
      batch.forEach((person, i) => {
        const answer = result.data[`p${i}`];
        expect(answer.gsid).toBe(person.gsid);
        expect(sortRecords(answer.records)).toEqual(sortRecords(person.records));
        expect(sortRecords(answer.links)).toEqual(sortRecords(person.records));
        for (const record of answer.records) {
          expect(record.gsid).toBe(person.gsid);
          expect(record.sex).toBe(person.sex);
          expect(record.stageEvents.length).toBeGreaterThan(0);
        }
      });
    }
  });

  it('counts the network by partner and sex with one GROUP BY in each partner database', async () => {
    const expected = new Map<string, number>();
    for (const [partnerId, data] of coalition.demo.data) {
      for (const p of data.participants) {
        const key = `PARTNER=${partnerId}|SEX=${p.sex}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
    }
    // Each partner looks once whether it records consent (a views schema may not); then one GROUP BY a count.
    await graphql(gateway, '{ network { participantCount { total } } }');
    const before = partnerSqlCounts(coalition);
    const result = await graphql(
      gateway,
      `{ network { participantCount(by: [SEX, PARTNER]) { dimensions total partners cells { key count values { dimension value } } } } }`,
    );
    expect(sqlDelta(coalition, before)).toEqual({ 'northside-training': 1, 'bridgeway-placement': 1, 'steadypath-coaching': 1 });
    expect(result.errors).toBeUndefined();
    const aggregate = result.data.network.participantCount;
    expect(aggregate.dimensions).toEqual(['PARTNER', 'SEX']);
    expect(new Map(aggregate.cells.map((c: any) => [c.key, c.count]))).toEqual(expected);
    expect(aggregate.total).toBe([...expected.values()].reduce((a, b) => a + b, 0));
    expect([...aggregate.partners].sort()).toEqual(['bridgeway-placement', 'northside-training', 'steadypath-coaching']);
    expect(result.extensions?.coverage).toEqual({ partnersAsked: 3, partnersAnswered: 3, missing: [] });
  });

  it('sums cells that several partners share, even when the client does not select the key', async () => {
    const expected = new Map<string, number>();
    for (const data of coalition.demo.data.values()) {
      for (const p of data.participants) expected.set(p.sex, (expected.get(p.sex) ?? 0) + 1);
    }
    const result = await graphql(gateway, `{ network { byOnlySex: participantCount(by: [SEX]) { cells { n: count values { value } } } } }`);
    expect(result.errors).toBeUndefined();
    const cells = result.data.network.byOnlySex.cells;
    expect(cells).toHaveLength(expected.size);
    expect(new Map(cells.map((c: any) => [c.values[0].value, c.n]))).toEqual(expected);
    expect(Object.keys(cells[0]).sort()).toEqual(['n', 'values']);
  });

  it('costs a constant number of SQL statements however many participants a page holds', async () => {
    const query = (first: number) => `{ participants(partnerId: "northside-training", first: ${first}) {
      nodes { localId ageBand outcomes { indicatorCode valueBoolean valueNumber } stageEvents { stage enteredOn } } } }`;
    const before10 = partnerSqlCounts(coalition);
    const ten = await graphql(gateway, query(10));
    const cost10 = sqlDelta(coalition, before10);
    const before100 = partnerSqlCounts(coalition);
    const hundred = await graphql(gateway, query(100));
    const cost100 = sqlDelta(coalition, before100);
    expect(ten.errors).toBeUndefined();
    expect(hundred.data.participants.nodes).toHaveLength(100);
    expect(hundred.data.participants.nodes.some((n: any) => n.outcomes.length > 0)).toBe(true);
    expect(cost100).toEqual(cost10);
    expect(cost100['northside-training']).toBeLessThanOrEqual(4);
    expect(cost100['bridgeway-placement']).toBe(0);
  });

  it('resolves 100 people across partners with a constant number of statements per partner', async () => {
    const query = `query People($gsids: [ID!]!) { stakeholders(gsids: $gsids) { gsid records { localId outcomes { indicatorCode } stageEvents { stage } } } }`;
    const cost = async (count: number) => {
      const gsids = coalition.demo.people.slice(0, count).map((p) => p.gsid);
      const before = partnerSqlCounts(coalition);
      const result = await graphql(gateway, query, { gsids });
      expect(result.errors).toBeUndefined();
      expect(result.data.stakeholders.map((s: any) => s.gsid)).toEqual(gsids);
      return sqlDelta(coalition, before);
    };
    const ten = await cost(10);
    const hundred = await cost(100);
    expect(hundred).toEqual(ten);
    // participants by GSID, their stage events, their outcomes
    for (const statements of Object.values(hundred)) expect(statements).toBe(3);
  });

  it('coalesces aliased lookups: 100 aliased stakeholder fields cost what one does', async () => {
    const people = coalition.demo.people.slice(0, 100);
    const before = partnerSqlCounts(coalition);
    const result = await graphql(
      gateway,
      `{ ${people.map((p, i) => `s${i}: stakeholder(gsid: "${p.gsid}") { records { localId outcomes { indicatorCode } stageEvents { stage } } }`).join(' ')} }`,
    );
    expect(result.errors).toBeUndefined();
    for (const [i, person] of people.entries()) {
      expect(result.data[`s${i}`].records.map((r: any) => r.localId).sort()).toEqual(person.records.map((r) => r.localId).sort());
    }
    for (const statements of Object.values(sqlDelta(coalition, before))) expect(statements).toBe(3);
  });

  it('routes partner-keyed entities to their own partner only', async () => {
    const before = partnerSqlCounts(coalition);
    const result = await graphql(gateway, `{ partners { id participants(first: 2) { nodes { partnerId localId } } } }`);
    expect(result.errors).toBeUndefined();
    for (const partner of result.data.partners) {
      expect(partner.participants.nodes.map((n: any) => n.partnerId)).toEqual([partner.id, partner.id]);
    }
    // ids, then entities by id: two statements at each partner, none wasted on the others' references.
    expect(sqlDelta(coalition, before)).toEqual({ 'northside-training': 2, 'bridgeway-placement': 2, 'steadypath-coaching': 2 });
  });

  it('answers bad input with a clear message and code, never a stack trace or SQL', async () => {
    const cases: Array<[string, string, RegExp]> = [
      [
        '{ participants(partnerId: "no-such-partner") { nodes { localId } } }',
        'NOT_FOUND',
        /Unknown partner 'no-such-partner'.*Known partners: bridgeway-placement, northside-training, steadypath-coaching/,
      ],
      ['{ stakeholder(gsid: "gs_4b2jwq2f5w05") { gsid } }', 'BAD_USER_INPUT', /not a well-formed GSID/],
      ['{ stakeholder(gsid: "12345") { gsid records { localId } } }', 'BAD_USER_INPUT', /not a well-formed GSID/],
      ['{ indicator(code: "NOPE") { code } }', 'NOT_FOUND', /Unknown indicator code 'NOPE'/],
      ['{ partner(id: "nope") { id } }', 'NOT_FOUND', /Unknown partner 'nope'/],
      [
        '{ participants(partnerId: "northside-training", first: 1) { nodes { outcomes(indicatorCode: "emp q2") { valueBoolean } } } }',
        'BAD_USER_INPUT',
        /indicatorCode: "emp q2" is not an indicator code/,
      ],
      ['{ network { participantCount(filter: { cohorts: ["2025-Q1"] }) { total } } }', 'BAD_USER_INPUT', /filter.cohorts.*"2025-Q1"/],
      ['{ participants(partnerId: "northside-training", first: 501) { nodes { localId } } }', 'BAD_USER_INPUT', /first: must be between 1 and 500/],
      ['{ participants(partnerId: "northside-training", after: "bm9wZQ") { nodes { localId } } }', 'BAD_USER_INPUT', /after: is not a cursor/],
    ];
    for (const [query, code, message] of cases) {
      const result = await graphql(gateway, query);
      expect({ query, codes: result.errors?.map((e) => e.extensions?.code) }).toEqual({ query, codes: [code] });
      expect(result.errors![0].message).toMatch(message);
      const text = JSON.stringify(result);
      expect(text).not.toMatch(/stacktrace|SELECT|QueryFailedError|at .*\.ts:\d+/);
    }
  });

  it('reports an error every partner gave once, naming them all', async () => {
    const result = await graphql(gateway, '{ network { participantCount(filter: { cohorts: ["bad"] }) { total } } }');
    expect(result.errors).toHaveLength(1);
    expect([...result.errors![0].extensions!.partnerIds].sort()).toEqual(['bridgeway-placement', 'northside-training', 'steadypath-coaching']);
  });

  it('runs the sample queries that npm start prints, with the backbone token it prints (which may approve releases)', async () => {
    for (const sample of sampleQueries(coalition.demo)) {
      const result = await graphql(gateway, sample.query, undefined, { token: tokens.releaser() });
      expect({ title: sample.title, errors: result.errors }).toEqual({ title: sample.title, errors: undefined });
      for (const [field, value] of Object.entries(result.data)) expect({ field, value }).toEqual({ field, value: expect.anything() });
    }
  });

  it("shows every partner's data health side by side, computed in each partner database", async () => {
    const from = '2024-01-01';
    const to = '2025-06-30';
    const result = await graphql(
      gateway,
      `{ partners { id dataQuality(from: "${from}", to: "${to}", asOf: "2026-11-22") {
      participants completeness { field present missing refused dontKnow share } timeliness { days count }
      validity { rule violations } duplicateGroups outliers { indicatorCode values outliers lowerBound upperBound } reportingStatus dueOn } } }`,
    );
    expect(result.errors).toBeUndefined();
    const percentile = (sorted: number[], p: number) => {
      const rank = p * (sorted.length - 1);
      const low = Math.floor(rank);
      return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (rank - low);
    };
    for (const partner of result.data.partners) {
      const data = coalition.demo.data.get(partner.id)!;
      const inPeriod = data.participants.filter((p) => p.enrolled_on >= from && p.enrolled_on <= to);
      const quality = partner.dataQuality;
      expect(quality.participants).toBe(inPeriod.length);
      const sex = quality.completeness.find((c: any) => c.field === 'sex');
      expect(sex).toEqual({
        field: 'sex',
        present: inPeriod.filter((p) => p.sex !== 'NOT_SELF_IDENTIFIED').length,
        refused: inPeriod.filter((p) => p.sex === 'NOT_SELF_IDENTIFIED').length,
        missing: 0,
        dontKnow: 0,
        share: inPeriod.filter((p) => p.sex !== 'NOT_SELF_IDENTIFIED').length / inPeriod.length,
      });
      const race = quality.completeness.find((c: any) => c.field === 'raceEthnicity');
      expect(race.missing).toBe(inPeriod.filter((p) => p.race_ethnicity.length === 0).length);
      expect(quality.completeness.find((c: any) => c.field === 'countyFips').missing).toBe(inPeriod.filter((p) => p.county_fips === null).length);
      // Seeded today, enrolled in 2024-2025: every record was entered 11+ days after enrollment.
      expect(quality.timeliness).toEqual([
        { days: '0', count: 0 },
        { days: '1-3', count: 0 },
        { days: '4-6', count: 0 },
        { days: '7-10', count: 0 },
        { days: '11+', count: inPeriod.length },
      ]);
      expect(quality.validity.map((v: any) => v.violations)).toEqual([0, 0, 0, 0]);
      expect(quality.duplicateGroups).toBe(0);
      expect(quality.reportingStatus).toBe('SUBMITTED');
      const ids = new Set(inPeriod.map((p) => p.local_id));
      const byCode = new Map<string, number[]>();
      for (const o of data.outcomes) {
        if (o.value_number !== null && ids.has(o.participant_local_id)) byCode.set(o.indicator_code, [...(byCode.get(o.indicator_code) ?? []), o.value_number]);
      }
      expect(quality.outliers.map((o: any) => o.indicatorCode)).toEqual([...byCode.keys()].sort());
      for (const summary of quality.outliers) {
        const values = byCode.get(summary.indicatorCode)!.sort((a, b) => a - b);
        const q1 = percentile(values, 0.25);
        const q3 = percentile(values, 0.75);
        expect(summary.values).toBe(values.length);
        expect(summary.lowerBound).toBeCloseTo(q1 - 3 * (q3 - q1), 6);
        expect(summary.upperBound).toBeCloseTo(q3 + 3 * (q3 - q1), 6);
        expect(summary.outliers).toBe(values.filter((v) => v < summary.lowerBound || v > summary.upperBound).length);
      }
    }
  });

  it('says which partners are late for a period with no data', async () => {
    const status = async (asOf: string) => {
      const result = await graphql(
        gateway,
        `{ partners { id dataQuality(from: "2030-01-01", to: "2030-03-31", dueDays: 30, asOf: "${asOf}") { participants reportingStatus dueOn } } }`,
      );
      expect(result.errors).toBeUndefined();
      return result.data.partners.map((p: any) => p.dataQuality);
    };
    expect(await status('2030-04-15')).toEqual(Array(3).fill({ participants: 0, reportingStatus: 'NOT_DUE', dueOn: '2030-04-30' }));
    expect(await status('2030-05-01')).toEqual(Array(3).fill({ participants: 0, reportingStatus: 'LATE', dueOn: '2030-04-30' }));
    const bad = await graphql(gateway, '{ partners { dataQuality(from: "2025-06-01", to: "2025-01-01") { participants } } }');
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toBe('Invalid from: is after to');
  });

  it('sends a browser opening the gateway to the IDE it serves itself (GraphiQL from npm, nothing from a CDN)', async () => {
    const response = await fetch(gateway, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.url).toMatch(/\/dashboard\/ide\.html$/);
    const page = await response.text();
    expect(page).toContain('GraphQL IDE');
    // Every script and stylesheet the page loads is the gateway's own.
    expect([...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((url) => !url.startsWith('/dashboard/') && !url.startsWith('data:'))).toEqual(
      [],
    );
  });
});
