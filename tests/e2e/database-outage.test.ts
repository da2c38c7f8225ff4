import { graphql, tokens, type GraphQLResponse } from '../support/graphql';
import { startTestCoalition } from '../support/coalition';
import { cutDatabase, databaseOf, type DatabaseOutage } from '../support/database-outage';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

const DOWN = 'bridgeway-placement';
const UP = ['northside-training', 'steadypath-coaching'];
const ALL = [...UP, DOWN].sort();
const DATABASE_DOWN = /database is not reachable/;

/** What a partner whose database is down must look like: named, with a reason, and nothing of the database. */
function expectDown(result: GraphQLResponse, path?: Array<string | number>) {
  const wanted = { ...(path ? { path } : {}), extensions: expect.objectContaining({ code: 'PARTNER_UNAVAILABLE', partnerId: DOWN }) };
  expect(result.errors).toContainEqual(expect.objectContaining(wanted));
  const error = result.errors!.find(
    (e) => e.extensions?.code === 'PARTNER_UNAVAILABLE' && e.extensions.partnerId === DOWN && (!path || JSON.stringify(e.path) === JSON.stringify(path)),
  );
  expect(error!.message).toContain(DOWN);
  expect(error!.extensions!.reason).toMatch(DATABASE_DOWN);
  expect(JSON.stringify(result.errors)).not.toMatch(/127\.0\.0\.1|5432|cg_test_|SELECT|accepting connections|terminat/i);
  expect(result.errors!.map((e) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
  return error!;
}

function expectCoverage(result: GraphQLResponse) {
  expect(result.extensions?.coverage).toEqual({
    partnersAsked: 3,
    partnersAnswered: 2,
    missing: [{ partnerId: DOWN, reason: expect.stringMatching(DATABASE_DOWN) }],
  });
}

describe('a partner whose database is down is a missing partner, never a silent one', () => {
  let coalition: TestCoalition;
  let gateway: string;
  let outage: DatabaseOutage;

  beforeAll(async () => {
    // Funders may read live figures here (FUNDER_LIVE_FIGURES), so the live answer's refusal is what is tested.
    coalition = await startTestCoalition('dbout', { people: 150, gateway: { audit: () => undefined, fundersSeeLive: true } });
    gateway = coalition.gateway.url;
    outage = await cutDatabase(await databaseOf(coalition.partners.get(DOWN)!.database.dataSource));
  });

  afterAll(async () => {
    await outage?.restore();
    await coalition?.dispose();
  });

  it('root fields: the partner whose database is down is null with PARTNER_UNAVAILABLE; the other partners answer', async () => {
    const result = await graphql(
      gateway,
      `{
      a: participants(partnerId: "${UP[0]}", first: 2) { nodes { localId } }
      b: participants(partnerId: "${UP[1]}", first: 2) { nodes { localId } }
      down: participants(partnerId: "${DOWN}", first: 2) { nodes { localId } }
    }`,
    );
    expect(result.data.a.nodes).toHaveLength(2);
    expect(result.data.b.nodes).toHaveLength(2);
    expect(result.data.down).toBeNull();
    const error = expectDown(result, ['down']);
    expect(error.extensions!.coverage).toEqual({ partnersAsked: 1, partnersAnswered: 0 });
    expectCoverage(result);
  });

  it("a person's records: the other partners' records, and the missing partner named", async () => {
    const person = coalition.demo.people.find((p) => p.records.length === 3)!;
    const result = await graphql(gateway, `{ stakeholder(gsid: "${person.gsid}") { gsid links { partnerId } records { partnerId localId } } }`);
    expect(result.data.stakeholder.links).toHaveLength(3);
    expect(result.data.stakeholder.records.map((r: any) => r.partnerId).sort()).toEqual(UP);
    const error = expectDown(result);
    expect(error.extensions!.coverage).toEqual({ partnersAsked: 3, partnersAnswered: 2 });
    expectCoverage(result);
  });

  it("partners' participants and data health: null for that partner only, with the error at its entry", async () => {
    const result = await graphql(
      gateway,
      `{ partners { id participants(first: 1) { nodes { localId } } dataQuality(from: "2024-01-01", to: "2025-06-30") { participants } } }`,
    );
    expect(result.data.partners.map((p: any) => p.id).sort()).toEqual(ALL);
    for (const partner of result.data.partners) {
      if (partner.id === DOWN) {
        expect(partner.participants).toBeNull();
        expect(partner.dataQuality).toBeNull();
      } else {
        expect(partner.participants.nodes).toHaveLength(1);
        expect(partner.dataQuality.participants).toBeGreaterThan(0);
      }
    }
    expectDown(result, ['partners', result.data.partners.findIndex((p: any) => p.id === DOWN)]);
    expectCoverage(result);
  });

  it('network counts: the other partners summed, the missing one named with the coverage', async () => {
    const result = await graphql(gateway, '{ network { participantCount(by: [PARTNER]) { total partners } } }');
    const aggregate = result.data.network.participantCount;
    expect(aggregate.partners.sort()).toEqual(UP);
    expect(aggregate.total).toBe(UP.reduce((sum, id) => sum + coalition.demo.data.get(id)!.participants.length, 0));
    const error = expectDown(result);
    expect(error.extensions!.coverage).toEqual({ partnersAsked: 3, partnersAnswered: 2 });
    expectCoverage(result);
  });

  it('network indicators and funnels: the backbone gets the rest with the reason; a funder gets PARTNER_UNAVAILABLE naming the partner', async () => {
    const indicator =
      'query($p: IndicatorPeriod!) { networkIndicator(code: "EXITERS", period: $p, release: "LIVE") { total { current { people } } coverage { partnersAsked partnersAnswered missing { partnerId reason } } } }';
    const funnel =
      '{ pathwayFunnel(code: "WORKFORCE", cohort: { programYear: 2024 }, release: "LIVE") { people coverage { partnersAsked partnersAnswered missing { partnerId reason } } } }';
    const variables = { p: { programYear: 2024 } };
    for (const [query, field] of [
      [indicator, 'networkIndicator'],
      [funnel, 'pathwayFunnel'],
    ] as const) {
      const backbone = await graphql(gateway, query, variables);
      expect({ field, errors: backbone.errors }).toEqual({ field, errors: undefined });
      const missing = [{ partnerId: DOWN, reason: expect.stringMatching(DATABASE_DOWN) }];
      expect(backbone.data[field].coverage).toEqual({ partnersAsked: 3, partnersAnswered: 2, missing });
      expect(backbone.extensions?.coverage).toEqual({ partnersAsked: 3, partnersAnswered: 2, missing });
      const funder = await graphql(gateway, query, variables, { token: tokens.funder() });
      expect(funder.data?.[field] ?? null).toBeNull();
      expect(funder.errors?.[0].extensions?.code).toBe('PARTNER_UNAVAILABLE');
      expect(funder.errors?.[0].message).toContain(DOWN);
    }
  });

  it('when the database is back, the partner answers again and the coverage is whole', async () => {
    await outage.restore();
    const person = coalition.demo.people.find((p) => p.records.length === 3)!;
    const result = await graphql(
      gateway,
      `{
      stakeholder(gsid: "${person.gsid}") { records { partnerId } }
      network { participantCount { total partners } }
      down: participants(partnerId: "${DOWN}", first: 2) { nodes { localId } }
    }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.stakeholder.records.map((r: any) => r.partnerId).sort()).toEqual(ALL);
    expect(result.data.network.participantCount.partners.sort()).toEqual(ALL);
    expect(result.data.down.nodes).toHaveLength(2);
    expect(result.extensions?.coverage).toEqual({ partnersAsked: 3, partnersAnswered: 3, missing: [] });
  });
});
