import { demoRegistryKey } from '@coalition/demo';
import { partnerIssuer, PROOF_HEADER, ProofSigner, type Caller } from '@coalition/shared/auth';
import type { AuditEntry } from '@coalition/gateway';
import { asGateway, graphql, post, tokens } from '../support/graphql';
import { startTestCoalition } from '../support/coalition';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

const [NORTH, BRIDGE] = ['northside-training', 'bridgeway-placement'];
const FORGED_BACKBONE: Caller = { subject: 'forged', role: 'backbone_analyst' };
const FORGED_ADMIN: Caller = { subject: 'forged', role: 'admin' };
/** The gateway's internal protocol: how it talks to partners and the registry, not questions for users. */
const INTERNAL = {
  partner: {
    indicatorCells: `{ indicatorCells(partnerId: "${NORTH}", kind: "COUNT", spec: {}, period: {}) { partnerId } }`,
    indicatorRows: `{ indicatorRows(partnerId: "${NORTH}", kind: "COUNT", spec: {}, period: {}) }`,
    indicatorShare: `{ indicatorShare(partnerId: "${NORTH}", kind: "COUNT", spec: {}, periods: [], by: [], shared: []) { records } }`,
    dataVersion: `{ dataVersion(partnerId: "${NORTH}") }`,
    changesSince: `{ changesSince(partnerId: "${NORTH}", version: "1") { records } }`,
    pathwaySummaries: `{ pathwaySummaries(partnerId: "${NORTH}", stages: [INTAKE]) }`,
  },
  registry: {
    sharedStakeholders: `{ sharedStakeholders(partnerIds: ["${NORTH}", "${BRIDGE}"]) { version people { gsid } } }`,
    stakeholderReach: `{ stakeholderReach(partnerIds: ["${NORTH}"]) { people } }`,
    linkageVersion: '{ linkageVersion }',
    storedReleases: '{ storedReleases { id } }',
    releaseChunks: '{ releaseChunks(releaseId: "rel_0000000000000000", from: 0, count: 1) }',
  },
};

describe('services trust only what each key may say', () => {
  let coalition: TestCoalition;
  let gateway: string;
  const audit: AuditEntry[] = [];
  /** someone holding a partner's registry key (in the demo, derived from a published secret) */
  let asPartnerKey: (query: string, caller?: Caller | null, partnerId?: string) => Promise<{ status: number; body: any }>;
  let shared: { gsid: string; records: Array<{ partnerId: string; localId: string }> };

  beforeAll(async () => {
    coalition = await startTestCoalition('trust', { gateway: { audit: (e) => audit.push(e) } });
    gateway = coalition.gateway.url;
    shared = coalition.demo.people.find((p) => p.records.some((r) => r.partnerId === NORTH) && p.records.some((r) => r.partnerId === BRIDGE))!;
    asPartnerKey = async (query, caller = null, partnerId = NORTH) => {
      const body = JSON.stringify({ query });
      const proof = new ProofSigner({ algorithm: 'HS256', key: demoRegistryKey(partnerId) }, partnerIssuer(partnerId)).sign('registry', body, caller, 'forged');
      const response = await post(coalition.registry.url, body, { token: null, headers: { [PROOF_HEADER]: proof } });
      return { status: response.status, body: await response.json() };
    };
  });

  afterAll(async () => {
    await coalition?.dispose();
  });

  describe("a partner's registry key acts only as that partner's identity resolution", () => {
    const READS = {
      "every partner's links": () => `{ stakeholder(gsid: "${shared.gsid}") { links { partnerId localId } } }`,
      'the review queue': () => '{ reviewQueue { id partnerId localId } }',
      'partner endpoints': () => '{ partners { id endpoint } }',
      'the shared-people list': () => INTERNAL.registry.sharedStakeholders,
    };

    it.each(Object.entries(READS))('refuses %s with a forged backbone or admin caller', async (_what, query) => {
      for (const caller of [FORGED_BACKBONE, FORGED_ADMIN]) {
        const answer = await asPartnerKey(query(), caller);
        expect(answer.status).toBe(401);
        expect(answer.body.data ?? null).toBeNull();
        expect(JSON.stringify(answer.body)).not.toContain(shared.gsid);
      }
    });

    it.each(Object.entries(READS))('refuses %s without a caller too', async (_what, query) => {
      const answer = await asPartnerKey(query());
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(answer.body.data ?? null)).not.toMatch(/localId|endpoint|gs_/);
    });

    it("refuses review actions on another partner's records, and nothing changes", async () => {
      const bridgeRecord = shared.records.find((r) => r.partnerId === BRIDGE)!;
      const split = `mutation { splitLink(partnerId: "${BRIDGE}", localId: "${bridgeRecord.localId}", reason: "forged") { id gsid } }`;
      const merge = `mutation { mergeStakeholders(survivor: "${shared.gsid}", absorbed: "${shared.gsid}", reason: "forged") { id } }`;
      for (const mutation of [split, merge]) {
        expect((await asPartnerKey(mutation, FORGED_BACKBONE)).status).toBe(401);
        expect((await asPartnerKey(mutation)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      const links = await coalition.registryDataSource.query('SELECT gsid FROM stakeholder_link WHERE partner_id = $1 AND local_id = $2', [
        BRIDGE,
        bridgeRecord.localId,
      ]);
      expect(links).toEqual([{ gsid: shared.gsid }]);
      const decisions = await coalition.registryDataSource.query("SELECT count(*)::int AS n FROM link_decision WHERE reason = 'forged'");
      expect(decisions).toEqual([{ n: 0 }]);
    });

    it('still resolves identities for its own partner, and only for it', async () => {
      const own = await asPartnerKey(`mutation { resolveIdentities(partnerId: "${NORTH}", records: []) { gsid } }`);
      expect(own.body).toEqual({ data: { resolveIdentities: [] } });
      const other = await asPartnerKey(`mutation { resolveIdentities(partnerId: "${BRIDGE}", records: []) { gsid } }`);
      expect(other.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await asPartnerKey(`mutation { resolveIdentities(partnerId: "${NORTH}", records: []) { gsid } }`, FORGED_BACKBONE)).status).toBe(401);
    });
  });

  describe('the internal protocol is not public API', () => {
    it('is not in the public graph: the backbone cannot even ask for it through the gateway', async () => {
      for (const query of [...Object.values(INTERNAL.partner), ...Object.values(INTERNAL.registry)]) {
        const answer = await graphql(gateway, query);
        expect(answer.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(answer.data).toBeUndefined();
      }
      const schema = await graphql(gateway, '{ __schema { queryType { fields { name } } } }');
      const names = schema.data.__schema.queryType.fields.map((f: { name: string }) => f.name);
      expect(names).toEqual(expect.arrayContaining(['networkIndicator', 'stakeholder', 'partners']));
      for (const name of [...Object.keys(INTERNAL.partner), ...Object.keys(INTERNAL.registry)]) expect(names).not.toContain(name);
    });

    it("a subgraph answers it only to the gateway's own services, not for any user, the backbone included", async () => {
      const key = coalition.proofKeys.privateKey;
      const north = coalition.partners.get(NORTH)!.server!.url;
      const backbone: Caller = { subject: 'analyst', role: 'backbone_analyst' };
      for (const [field, query] of Object.entries(INTERNAL.partner)) {
        const answer = await asGateway(north, NORTH, key, query, undefined, backbone);
        expect([field, answer.errors?.[0]?.extensions?.code]).toEqual([field, 'FORBIDDEN']);
      }
      for (const [field, query] of Object.entries(INTERNAL.registry)) {
        const answer = await asGateway(coalition.registry.url, 'registry', key, query, undefined, backbone);
        expect([field, answer.errors?.[0]?.extensions?.code]).toEqual([field, 'FORBIDDEN']);
      }
      // The gateway's analytics service still gets what it asks (its figures are tested elsewhere).
      const body = JSON.stringify({ query: INTERNAL.registry.linkageVersion });
      const proof = new ProofSigner({ algorithm: 'ES256', key }).sign('registry', body, backbone, 'svc', 'analytics');
      const answer = (await (await post(coalition.registry.url, body, { token: null, headers: { [PROOF_HEADER]: proof } })).json()) as {
        data: { linkageVersion: string };
      };
      expect(answer.data.linkageVersion).toMatch(/\d/);
      const funnel = await graphql(gateway, '{ networkIndicator(code: "EMP_Q2", period: { programYear: 2024 }) { total { current { people } } } }');
      expect(funnel.errors).toBeUndefined();
      expect(funnel.data.networkIndicator.total.current.people).toBeGreaterThan(0);
    });
  });

  describe('the link-review audit trail names the signed-in caller', () => {
    it('takes the actor from the token, and has no actor argument to forge it with', async () => {
      const bridgeRecord = shared.records.find((r) => r.partnerId === BRIDGE)!;
      const forged = await graphql(
        gateway,
        `mutation { splitLink(partnerId: "${BRIDGE}", localId: "${bridgeRecord.localId}", actor: "someone.else", reason: "checked") { id } }`,
        undefined,
        { token: tokens.backbone('analyst.kim') },
      );
      expect(forged.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const split = await graphql(
        gateway,
        `mutation { splitLink(partnerId: "${BRIDGE}", localId: "${bridgeRecord.localId}", reason: "different person, checked with the partner") { id actor reason } }`,
        undefined,
        { token: tokens.backbone('analyst.kim') },
      );
      expect(split.errors).toBeUndefined();
      expect(split.data.splitLink).toMatchObject({ actor: 'analyst.kim', reason: 'different person, checked with the partner' });
      const rejoin = await graphql(gateway, `mutation { rejoinSplit(id: "${split.data.splitLink.id}", reason: "partner confirmed") { actor } }`, undefined, {
        token: tokens.backbone('analyst.lee'),
      });
      expect(rejoin.data.rejoinSplit.actor).toBe('analyst.lee');
    });
  });

  describe('refusals leave an audit trail', () => {
    it('a funder asking for person-level data is refused and audited, with the refused fields and no arguments', async () => {
      const before = audit.length;
      const answer = await graphql(gateway, `query Peek { stakeholder(gsid: "${shared.gsid}") { records { localId } } }`, undefined, {
        token: tokens.funder('ALL', 'curious-funder'),
      });
      expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const entries = audit.slice(before);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ subject: 'curious-funder', role: 'funder', operationName: 'Peek', outcome: 'refused', partners: [] });
      expect(entries[0].refused).toEqual(expect.arrayContaining(['Query.stakeholder', 'Stakeholder.records']));
      expect(JSON.stringify(entries[0])).not.toContain(shared.gsid);
    });

    it("staff refused another partner's records by partnerId are audited too", async () => {
      const before = audit.length;
      const answer = await graphql(gateway, `{ participants(partnerId: "${BRIDGE}", first: 1) { nodes { localId } } }`, undefined, {
        token: tokens.staff(NORTH, 'nosy-staff'),
      });
      expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(audit.slice(before)).toEqual([
        expect.objectContaining({ subject: 'nosy-staff', outcome: 'refused', refused: [`Query.participants of partner ${BRIDGE}`] }),
      ]);
    });
  });
});
