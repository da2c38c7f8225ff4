// Here rather than next to hive/src: jest's unit project does not look in hive/ (jest.config.js).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { DEMO_USER_AUTH } from '@coalition/demo';
import { bodyHash, PROOF_HEADER } from '@coalition/shared/auth';
import { startHiveGateway, type HiveGateway } from '../../hive/src/runtime';
import type { AuditEntry, StandaloneService } from '@coalition/gateway';
import { startStandaloneServices } from '../support/backbone';
import { comparable, federationCases } from '../support/federation-cases';
import { startTestCoalition } from '../support/coalition';
import { graphql, post, tokens } from '../support/graphql';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

const SUPERGRAPH = readFileSync(join(__dirname, '..', '..', 'gateway', 'supergraph.graphql'), 'utf8');
const CATALOGUE = '{ partners { id name programType status } indicators { code version name kind unit } }';
const PERSON = '{ stakeholder(gsid: "GS-1") { gsid createdAt } }';

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
};
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** A URL nothing listens at: a port that was free a moment ago. */
async function closedUrl(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  await close(server);
  return url;
}

/** A relay in front of the registry that records what reaches it and, when told to, changes the body (the proof unchanged). */
async function bodyRelay(target: string) {
  const seen: Array<{ body: string; proof: string; status: number }> = [];
  const relay = { seen, tamper: false, url: '', stop: () => close(server) };
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const proof = String(request.headers[PROOF_HEADER] ?? '');
    const answer = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', [PROOF_HEADER]: proof },
      // Still the same query as JSON: only the bytes differ from those the proof was signed over.
      body: relay.tamper ? `${body} ` : body,
    });
    seen.push({ body, proof, status: answer.status });
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    response.end(await answer.text());
  });
  relay.url = await listen(server);
  return relay;
}

describe('the supergraph served by Hive Gateway runtime', () => {
  let coalition: TestCoalition;
  let hive: HiveGateway;
  let nowhere: string;
  const audited: { ours: AuditEntry[]; hive: AuditEntry[] } = { ours: [], hive: [] };
  let analytics: StandaloneService;
  let fanout: StandaloneService;
  const start = (registry: string) =>
    startHiveGateway({
      supergraphSdl: SUPERGRAPH,
      subgraphUrls: { registry, partners: fanout.url, analytics: analytics.url },
      auth: DEMO_USER_AUTH,
      signingKey: coalition.proofKeys.privateKey,
      audit: (entry) => audited.hive.push(entry),
    });

  beforeAll(async () => {
    coalition = await startTestCoalition('hive', { gateway: { fundersSeeLive: true, answerCacheMb: 0, audit: (entry) => audited.ours.push(entry) } });
    nowhere = await closedUrl();
    // The analytics subgraph and the partners' fan-out are ours: Hive reaches them as standalone services.
    ({ analytics, fanout } = await startStandaloneServices(coalition, SUPERGRAPH));
    hive = await start(coalition.registry.url);
  }, 120_000);

  afterAll(async () => {
    await hive?.stop();
    await fanout?.stop();
    await analytics?.stop();
    await coalition?.dispose();
  });

  it('answers a network indicator, a person view, a funnel and refusals as our gateway does, through the standalone services', async () => {
    const served = [analytics.requestCount(), fanout.requestCount()];
    for (const [label, query, variables, token] of federationCases(coalition.demo.people)) {
      const [ours, theirs] = await Promise.all([graphql(coalition.gateway.url, query, variables, { token }), graphql(hive.url, query, variables, { token })]);
      expect({ label, ...comparable(theirs) }).toEqual({ label, ...comparable(ours) });
    }
    expect(analytics.requestCount()).toBeGreaterThan(served[0] + 2);
    expect(fanout.requestCount()).toBeGreaterThanOrEqual(served[1] + 2);
  });

  it('writes the same audit entries as our gateway: person-level reads with the partners they reached, refusals', async () => {
    const person = coalition.demo.people.find((p) => new Set(p.records.map((r) => r.partnerId)).size >= 2)!;
    const query = `query Person($gsid: ID!) { stakeholder(gsid: $gsid) { gsid records { partnerId localId } } }`;
    const holders = [...new Set(person.records.map((r) => r.partnerId))].sort();
    for (const token of [tokens.backbone(), tokens.funder()]) {
      audited.ours.length = 0;
      audited.hive.length = 0;
      await graphql(coalition.gateway.url, query, { gsid: person.gsid }, { token });
      await graphql(hive.url, query, { gsid: person.gsid }, { token });
      const same = (e: AuditEntry) => ({ ...e, at: undefined, requestId: undefined });
      expect(audited.hive).toHaveLength(1);
      expect(same(audited.hive[0])).toEqual(same(audited.ours[0]));
    }
    // The second pair was the funder's: refused before any partner was asked; the first reached the holders.
    expect(audited.hive[0]).toMatchObject({ role: 'funder', outcome: 'refused', partners: [] });
    audited.hive.length = 0;
    await graphql(hive.url, query, { gsid: person.gsid }, { token: tokens.backbone() });
    expect(audited.hive[0]).toMatchObject({
      role: 'backbone_analyst',
      outcome: 'answered',
      partners: holders,
      personFields: expect.arrayContaining(['Query.stakeholder']),
    });
    // A request with no person-level field leaves no line.
    audited.hive.length = 0;
    await graphql(hive.url, CATALOGUE, {}, { token: tokens.backbone() });
    expect(audited.hive).toHaveLength(0);
  });

  it('answers a registry query with the same data as our gateway, for the same token', async () => {
    const token = tokens.backbone();
    const [ours, theirs] = await Promise.all([graphql(coalition.gateway.url, CATALOGUE, {}, { token }), graphql(hive.url, CATALOGUE, {}, { token })]);
    expect(ours.errors).toBeUndefined();
    expect(ours.data.partners.length).toBeGreaterThan(0);
    expect(ours.data.indicators.length).toBeGreaterThan(0);
    expect(theirs).toEqual(ours);
  });

  it.each([
    ['no token', null],
    ['a token signed with another secret', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
  ])('refuses a request with %s as UNAUTHENTICATED (401), as ours does', async (_, token) => {
    const [ours, theirs] = await Promise.all([
      post(coalition.gateway.url, JSON.stringify({ query: CATALOGUE }), { token }),
      post(hive.url, JSON.stringify({ query: CATALOGUE }), { token }),
    ]);
    const [oursBody, theirsBody] = [await ours.json(), await theirs.json()];
    expect(oursBody.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(theirsBody.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(theirsBody.errors[0].message).toBe(oursBody.errors[0].message);
    expect(theirs.status).toBe(401);
    expect(theirsBody.data ?? null).toBeNull();
  });

  it('refuses an unsigned-in request before validating it, so it learns nothing of the schema', async () => {
    const answer = await graphql(hive.url, '{ noSuchField }', {}, { token: null });
    expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses what our access rules forbid a funder as FORBIDDEN, as ours does, without asking the registry', async () => {
    const token = tokens.funder();
    const ours = await graphql(coalition.gateway.url, PERSON, {}, { token });
    const before = coalition.registry.requestCount();
    const response = await post(hive.url, JSON.stringify({ query: PERSON }), { token });
    const theirs = await response.json();
    expect(coalition.registry.requestCount()).toBe(before);
    expect(ours.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(theirs.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(theirs.errors[0].extensions.refused).toEqual(ours.errors?.[0].extensions?.refused);
    expect(theirs.errors[0].message).toBe(ours.errors?.[0].message);
    expect(response.status).toBe(403);
  });

  it('refuses an operation over our limits (16 root fields, 15 allowed) without asking the registry', async () => {
    const query = `{ ${Array.from({ length: 16 }, (_, i) => `p${i}: partners { id }`).join(' ')} }`;
    const before = coalition.registry.requestCount();
    const answer = await graphql(hive.url, query, {}, { token: tokens.backbone() });
    expect(coalition.registry.requestCount()).toBe(before);
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.[0]).toMatchObject({ message: expect.stringMatching(/root field/i), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  describe('behind a relay that records what reaches the registry', () => {
    let relay: Awaited<ReturnType<typeof bodyRelay>>;
    let relayed: HiveGateway;
    beforeAll(async () => {
      relay = await bodyRelay(coalition.registry.url);
      relayed = await start(relay.url);
    });
    afterAll(async () => {
      await relayed?.stop();
      await relay?.stop();
    });
    beforeEach(() => {
      relay.seen.length = 0;
      relay.tamper = false;
    });

    it('signs the exact body the registry receives, which refuses the proof over any other body', async () => {
      const token = tokens.backbone();
      const direct = await graphql(hive.url, CATALOGUE, {}, { token });
      // Unchanged, the registry accepts it: the proof's hash is of the very bytes that arrived.
      expect(await graphql(relayed.url, CATALOGUE, {}, { token })).toEqual(direct);
      expect(relay.seen).toHaveLength(1);
      const proof = jwt.decode(relay.seen[0].proof) as jwt.JwtPayload;
      expect(proof).toMatchObject({ aud: 'registry', bh: bodyHash(relay.seen[0].body), caller: { sub: 'test-analyst', role: 'backbone_analyst' } });
      // One byte more, the same proof: refused.
      relay.tamper = true;
      const tampered = await graphql(relayed.url, CATALOGUE, {}, { token });
      expect(relay.seen[1].status).toBe(401);
      expect(tampered.data?.partners ?? null).toBeNull();
      expect(tampered.errors?.[0]).toMatchObject({
        message: expect.stringContaining('proof is for another request body'),
        extensions: { serviceName: 'registry' },
      });
    });

    it("asks the registry for each caller, even for identical queries at once (Hive's inflight deduplication would share one answer)", async () => {
      await Promise.all([graphql(relayed.url, CATALOGUE, {}, { token: tokens.backbone() }), graphql(relayed.url, CATALOGUE, {}, { token: tokens.funder() })]);
      const callers = relay.seen.map(({ proof }) => (jwt.decode(proof) as jwt.JwtPayload).caller.role).sort();
      expect(callers).toEqual(['backbone_analyst', 'funder']);
    });
  });

  it('refuses to start when a subgraph of the supergraph has no URL, naming it', async () => {
    const options = { supergraphSdl: SUPERGRAPH, auth: DEMO_USER_AUTH, signingKey: coalition.proofKeys.privateKey };
    await expect(startHiveGateway({ ...options, subgraphUrls: { registry: coalition.registry.url } })).rejects.toThrow(
      'No URL for subgraphs analytics, partners of the supergraph',
    );
    await expect(
      startHiveGateway({ ...options, subgraphUrls: { registry: nowhere, partners: nowhere, analytics: nowhere, registri: nowhere } }),
    ).rejects.toThrow('subgraphUrls names registri, which the supergraph does not have');
  });

  it('refuses to start on a supergraph that does not parse, names no subgraph, or that Hive cannot build', async () => {
    const options = { subgraphUrls: { registry: nowhere }, auth: DEMO_USER_AUTH, signingKey: coalition.proofKeys.privateKey };
    await expect(startHiveGateway({ ...options, supergraphSdl: 'type Query {' })).rejects.toThrow(/^The supergraph does not parse: Syntax Error/);
    await expect(startHiveGateway({ ...options, supergraphSdl: 'type Query { a: Int }' })).rejects.toThrow('The supergraph names no subgraphs');
    // Parses, but names a type it does not define (Hive builds it without validating, so this is what it notices).
    const broken = `${SUPERGRAPH}\ntype Broken @join__type(graph: REGISTRY) { field: Missing }\n`;
    const everyUrl = { registry: nowhere, partners: nowhere, analytics: nowhere };
    await expect(startHiveGateway({ ...options, subgraphUrls: everyUrl, supergraphSdl: broken })).rejects.toThrow(
      'Hive could not load the supergraph: Unknown type: "Missing"',
    );
  });
});
