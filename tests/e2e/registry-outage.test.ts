import { startRegistryServer } from '@coalition/registry';
import type { RunningServer } from '@coalition/shared/http';
import { graphql, type GraphQLResponse } from '../support/graphql';
import { startTestCoalition } from '../support/coalition';
import { cutDatabase, databaseOf } from '../support/database-outage';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

/** Queries that start at the registry: the partner list, a person's links, the indicator catalogue. */
const QUERIES = (gsid: string) => [
  { field: 'partners', query: '{ partners { id name } }' },
  { field: 'stakeholder', query: `{ stakeholder(gsid: "${gsid}") { gsid links { partnerId localId } } }` },
  { field: 'indicators', query: '{ indicators { code version } }' },
];

/** A registry that did not answer: REGISTRY_UNAVAILABLE with its reason, and the coverage says so. */
function expectRegistryDown(field: string, result: GraphQLResponse, reason: RegExp) {
  expect({ field, errors: result.errors }).toEqual({
    field,
    errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'REGISTRY_UNAVAILABLE', reason: expect.stringMatching(reason) }) })],
  });
  expect(result.errors![0].message).toMatch(/registry/i);
  expect(JSON.stringify(result.errors)).not.toMatch(/127\.0\.0\.1|5432|cg_test_|SELECT|accepting connections|terminat|http:/i);
  expect({ field, coverage: result.extensions?.coverage }).toEqual({
    field,
    coverage: { partnersAsked: 0, partnersAnswered: 0, missing: [], registry: { answered: false, reason: expect.stringMatching(reason) } },
  });
}

describe('the registry down: REGISTRY_UNAVAILABLE with the reason and the coverage, never INTERNAL_SERVER_ERROR', () => {
  let coalition: TestCoalition;
  let gateway: string;
  let restarted: RunningServer | undefined;

  beforeAll(async () => {
    coalition = await startTestCoalition('regout', { people: 60, gateway: { audit: () => undefined } });
    gateway = coalition.gateway.url;
  });

  afterAll(async () => {
    await restarted?.stop();
    await coalition?.dispose();
  });

  const gsid = () => coalition.demo.people[0].gsid;

  it("its database down: every query that starts there says so, and the registry's answers come back with it", async () => {
    const outage = await cutDatabase(await databaseOf(coalition.registryDataSource));
    try {
      for (const { field, query } of QUERIES(gsid())) expectRegistryDown(field, await graphql(gateway, query), /database is not reachable/);
    } finally {
      await outage.restore();
    }
    for (const { field, query } of QUERIES(gsid())) {
      const result = await graphql(gateway, query);
      expect({ field, errors: result.errors, coverage: result.extensions?.coverage }).toEqual({ field, errors: undefined, coverage: undefined });
    }
  });

  it('its service stopped: every query that starts there says so, the analytics engine too', async () => {
    await coalition.registry.stop();
    for (const { field, query } of QUERIES(gsid())) expectRegistryDown(field, await graphql(gateway, query), /unreachable/);
    const indicator = await graphql(gateway, '{ networkIndicator(code: "EXITERS", period: { programYear: 2024 }) { total { current { people } } } }');
    expect(indicator.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'REGISTRY_UNAVAILABLE', reason: expect.stringMatching(/unreachable/) }) }),
    ]);
  });

  it('a registry back on its address answers again', async () => {
    restarted = await startRegistryServer({
      dataSource: coalition.registryDataSource,
      port: coalition.registry.port,
      gatewayPublicKey: coalition.proofKeys.publicKey,
      logError: () => undefined,
    });
    const result = await graphql(gateway, '{ partners { id } }');
    expect(result.errors).toBeUndefined();
    expect(result.data.partners).toHaveLength(3);
    expect(result.extensions?.coverage).toBeUndefined();
  });
});
