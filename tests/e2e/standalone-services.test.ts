import { join } from 'node:path';
import { composeSupergraph, startFanoutService, type GatewayServer, type StandaloneService } from '@coalition/gateway';
import { startExtraGateway, startStandaloneServices } from '../support/backbone';
import { PROOF_HEADER, ProofSigner } from '@coalition/shared/auth';
import { graphql, tokens } from '../support/graphql';
import { startTestCoalition } from '../support/coalition';
import { runNode } from '../support/node-command';
import { comparable, federationCases, INDICATOR, PERSON } from '../support/federation-cases';

const main = join(__dirname, '..', '..', 'gateway', 'dist', 'services', 'main.js');

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

/** The same as `comparable`, with the coverage the gateway reports: a split gateway folds in what its services asked. */
const withCoverage = (answer: any) => ({ ...comparable(answer), coverage: answer.extensions?.coverage });

describe('analytics and the partners fan-out as standalone services behind subgraph URLs (registry, three partners, real HTTP)', () => {
  jest.setTimeout(120_000);
  let coalition: TestCoalition;
  let analytics: StandaloneService;
  let fanout: StandaloneService;
  let split: GatewayServer;

  beforeAll(async () => {
    coalition = await startTestCoalition('standalone', { gateway: { fundersSeeLive: true, answerCacheMb: 0, audit: () => undefined } });
    const supergraphSdl = await composeSupergraph();
    ({ analytics, fanout } = await startStandaloneServices(coalition, supergraphSdl));
    split = await startExtraGateway(coalition, supergraphSdl, { fundersSeeLive: true, answerCacheMb: 0, analyticsUrl: analytics.url, partnersUrl: fanout.url });
  });

  afterAll(async () => {
    await split?.stop();
    await fanout?.stop();
    await analytics?.stop();
    await coalition?.dispose();
  });

  const both = async (query: string, variables: Record<string, unknown>, token: string) => {
    const [inProcess, standalone] = await Promise.all([
      graphql(coalition.gateway.url, query, variables, { token }),
      graphql(split.url, query, variables, { token }),
    ]);
    return { inProcess, standalone };
  };

  it('a network indicator, a person view, a funnel and refusals are answered the same as by the gateway that runs them in process', async () => {
    const cases = federationCases(coalition.demo.people);
    const person = coalition.demo.people.find((p) => new Set(p.records.map((r) => r.partnerId)).size >= 2)!;
    const served = [analytics.requestCount(), fanout.requestCount()];
    for (const [label, query, variables, token] of cases) {
      const { inProcess, standalone } = await both(query, variables, token);
      expect({ label, ...withCoverage(standalone) }).toEqual({ label, ...withCoverage(inProcess) });
    }
    // The split gateway asked the services: nothing ran in its own process.
    expect(analytics.requestCount()).toBeGreaterThan(served[0] + 2);
    expect(fanout.requestCount()).toBeGreaterThanOrEqual(served[1] + 2);
    // The answers are real ones, not two identical refusals.
    const backbone = await graphql(split.url, INDICATOR, { by: ['PARTNER'] }, { token: tokens.backbone() });
    expect(backbone.errors).toBeUndefined();
    expect(backbone.data.networkIndicator.cells.length).toBeGreaterThan(0);
    expect(backbone.data.networkIndicator.total.current.people).toBeGreaterThan(0);
    expect(backbone.extensions?.coverage).toMatchObject({ partnersAsked: coalition.partners.size, partnersAnswered: coalition.partners.size });
    const refused = await graphql(split.url, PERSON, { gsid: person.gsid }, { token: tokens.funder() });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('a partner that is down is missing from the coverage the gateway reports, through the standalone fan-out too', async () => {
    const [down] = [...coalition.partners.keys()].sort();
    const person = coalition.demo.people.find((p) => p.records.some((r) => r.partnerId === down) && p.records.some((r) => r.partnerId !== down))!;
    await coalition.stopPartner(down);
    const answer = await graphql(split.url, PERSON, { gsid: person.gsid }, { token: tokens.backbone() });
    expect(answer.extensions?.coverage?.missing).toEqual([expect.objectContaining({ partnerId: down })]);
    expect(answer.data.stakeholder.records.every((r: any) => r.partnerId !== down)).toBe(true);
  });

  it('a service answers only the gateway: no proof, a proof for another service, a replayed proof are refused', async () => {
    const body = JSON.stringify({ query: '{ _service { sdl } }' });
    const post = (url: string, proof?: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(proof ? { [PROOF_HEADER]: proof } : {}) }, body });
    const signer = new ProofSigner({ algorithm: 'ES256', key: coalition.proofKeys.privateKey });
    expect((await post(analytics.url)).status).toBe(401);
    expect((await post(fanout.url, signer.sign('analytics', body, null, 'r1'))).status).toBe(401);
    const proof = signer.sign('partners', body, null, 'r2');
    expect((await post(fanout.url, proof)).status).toBe(200);
    const replayed = await post(fanout.url, proof);
    expect(replayed.status).toBe(401);
    expect(JSON.stringify(await replayed.json())).toMatch(/already/i);
  });

  it('refuses to start without the gateway key, or with a supergraph that has no partners subgraph, saying which', async () => {
    const noKey = await runNode([main, 'analytics'], { REGISTRY_URL: coalition.registry.url, PATH: process.env.PATH });
    expect(noKey.status).toBe(1);
    expect(noKey.stderr).toMatch(/GATEWAY_SIGNING_KEY is required/);
    const unknown = await runNode([main, 'indicators'], { PATH: process.env.PATH });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/usage: .*analytics\|partners/);
    await expect(
      startFanoutService({
        registryUrl: coalition.registry.url,
        signingKey: coalition.proofKeys.privateKey,
        partnerTimeoutMs: 1_000,
        directoryRefreshMs: 30_000,
        supergraphSdl: 'type Query { a: Int }',
      }),
    ).rejects.toThrow(/does not hold a composed supergraph/);
  });
});
