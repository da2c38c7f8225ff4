import { randomUUID } from 'node:crypto';
import { composeSupergraph, RedisRateLimiter, startAnalyticsService, type GatewayServer, type StandaloneService } from '@coalition/gateway';
import { backbone, startExtraGateway } from '../support/backbone';
import { PROOF_HEADER, ProofSigner } from '@coalition/shared/auth';
import { graphql, post, tokens } from '../support/graphql';
import { partnerSqlCounts, sqlDelta, startTestCoalition } from '../support/coalition';
import { testRedisUrl } from '../support/redis';
import { startRoundRobin, startTcpRelay } from '../support/relays';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

const APPROVE = `mutation Approve($period: IndicatorPeriod!) { approveRelease(period: $period) { id status } }`;
const APPROVAL = `query Approval($id: ID!) { releaseApproval(id: $id) { id status figuresDone figuresTotal error release { id } } }`;
const INDICATOR = `query Indicator($release: String) {
  networkIndicator(code: "EMP_Q2", period: { programYear: 2024 }, by: [PARTNER, SEX], release: $release) {
    release { id } total { current { people value suppressed } } cells { key current { people value suppressed } }
  }
}`;

/**
 * Two gateway replicas behind a round-robin load balancer, sharing one Redis: the rate limit,
 * the answer cache, approvals in progress and (through the registry) releases. Each replica is a
 * whole gateway with its own memory; only Redis and the registry are shared.
 */
describe('gateway replicas behind a load balancer, sharing Redis (registry, three partners, real HTTP)', () => {
  jest.setTimeout(180_000);
  const RATE_LIMIT = 40;
  let coalition: TestCoalition;
  let replicas: GatewayServer[] = [];
  let balancer: Awaited<ReturnType<typeof startRoundRobin>>;
  let redisRelay: Awaited<ReturnType<typeof startTcpRelay>>;
  let prefix: string;

  beforeAll(async () => {
    coalition = await startTestCoalition('replicas', { gateway: { audit: () => undefined } });
    prefix = `cg-test-${randomUUID()}:`;
    // Replicas reach Redis through a relay the last test cuts, as a network partition would.
    const redis = new URL(testRedisUrl());
    redisRelay = await startTcpRelay({ host: redis.hostname, port: Number(redis.port || 6379) });
    const redisUrl = `redis://127.0.0.1:${redisRelay.port}`;
    const supergraphSdl = await composeSupergraph();
    for (let i = 0; i < 2; i++) {
      replicas.push(
        await startExtraGateway(coalition, supergraphSdl, {
          redisUrl,
          answerCacheKeyPrefix: `${prefix}answer:`,
          rateLimiter: await RedisRateLimiter.connect(redisUrl, RATE_LIMIT, 60_000, { keyPrefix: `${prefix}rl:` }),
        }),
      );
    }
    balancer = await startRoundRobin(replicas.map((r) => r.url));
  });

  afterAll(async () => {
    await balancer?.stop();
    for (const replica of replicas) await replica.stop();
    await redisRelay?.stop();
    await coalition?.dispose();
  });

  it('a release approved through one replica is followed and served through the other', async () => {
    const releaser = tokens.releaser(`releaser-${randomUUID()}`);
    const started = await graphql(replicas[0].url, APPROVE, { period: { programYear: 2024 } }, { token: releaser });
    expect(started.errors).toBeUndefined();
    const id = started.data.approveRelease.id;
    // Polled through the balancer: half the polls reach the replica that does not run the approval.
    let approval: any;
    const polled: number[] = [];
    for (;;) {
      const answer = await graphql(balancer.url, APPROVAL, { id }, { token: releaser });
      polled.push(balancer.served.at(-1)!);
      expect(answer.errors).toBeUndefined();
      approval = answer.data.releaseApproval;
      if (approval.status !== 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(approval).toMatchObject({ id, status: 'APPROVED', error: null, release: { id } });
    expect(new Set(polled)).toEqual(new Set([0, 1]));
    // The other replica follows it to the end too, and serves the stored figures to a funder.
    const onOther = await graphql(replicas[1].url, APPROVAL, { id }, { token: releaser });
    expect(onOther.data.releaseApproval).toMatchObject({ status: 'APPROVED', figuresDone: approval.figuresTotal });
    let served: any;
    for (let tries = 0; tries < 40; tries++) {
      served = await graphql(replicas[1].url, INDICATOR, {}, { token: tokens.funder() });
      if (served.data?.networkIndicator?.release?.id === id) break;
      // A period's newest release is looked up again after LATEST_RELEASE_TTL_MS (5 s) on a replica that knew an older one.
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(served.errors).toBeUndefined();
    expect(served.data.networkIndicator.release.id).toBe(id);
    const fromFirst = await graphql(replicas[0].url, INDICATOR, { release: id }, { token: tokens.funder() });
    expect(fromFirst.data).toEqual(served.data);
  });

  it('an answer computed through one replica is served by the other from the shared cache, without asking partners', async () => {
    const query = `{ networkIndicator(code: "EXITERS", period: { programYear: 2023 }, by: [PARTNER, AGE_BAND], release: "LIVE") {
      total { current { people } } cells { key current { people value } } } }`;
    const token = tokens.backbone(`analyst-${randomUUID()}`);
    const first = await graphql(replicas[0].url, query, {}, { token });
    expect(first.errors).toBeUndefined();
    const before = partnerSqlCounts(coalition);
    const second = await graphql(replicas[1].url, query, {}, { token });
    expect(second.data).toEqual(first.data);
    // At most the data-version check (one small statement per partner), never the figure's SQL again.
    for (const [partnerId, statements] of Object.entries(sqlDelta(coalition, before)))
      expect({ partnerId, upToOne: statements <= 1 }).toEqual({ partnerId, upToOne: true });
  });

  it('the rate limit counts a caller across both replicas', async () => {
    const token = tokens.backbone(`busy-${randomUUID()}`);
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 2; i++) {
      statuses.push((await post(balancer.url, JSON.stringify({ query: '{ __typename }' }), { token })).status);
    }
    // Each replica saw about half the requests, under the limit on its own; together they passed it.
    expect(statuses.slice(0, RATE_LIMIT)).toEqual(Array(RATE_LIMIT).fill(200));
    expect(statuses.slice(RATE_LIMIT)).toEqual([429, 429]);
  });

  it('a proof is accepted once across analytics replicas sharing Redis, and refused while that Redis is away', async () => {
    const redisUrl = `redis://127.0.0.1:${redisRelay.port}`;
    const common = { ...backbone(coalition), redisUrl, answerCacheKeyPrefix: `${prefix}answer:` };
    const services: StandaloneService[] = [await startAnalyticsService(common), await startAnalyticsService(common)];
    try {
      const signer = new ProofSigner({ algorithm: 'ES256', key: coalition.proofKeys.privateKey });
      const body = JSON.stringify({ query: '{ _service { sdl } }' });
      const send = (url: string, proof: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [PROOF_HEADER]: proof }, body });
      const proof = signer.sign('analytics', body, null, randomUUID());
      expect((await send(services[0].url, proof)).status).toBe(200);
      const replayed = await send(services[1].url, proof);
      expect(replayed.status).toBe(401);
      expect(JSON.stringify(await replayed.json())).toMatch(/already used/);

      redisRelay.cut();
      try {
        // The replay check fails closed: nothing runs while it cannot tell a replay from a first use.
        const fresh = await send(services[1].url, signer.sign('analytics', body, null, randomUUID()));
        expect(fresh.status).toBe(503);
        // The gateway keeps serving: the rate limit fails open and the answer cache misses.
        const answer = await graphql(balancer.url, INDICATOR, { release: 'LIVE' }, { token: tokens.backbone(`during-${randomUUID()}`) });
        expect(answer.errors).toBeUndefined();
        expect(answer.data.networkIndicator.total.current.people).toBeGreaterThan(0);
      } finally {
        redisRelay.restore();
      }
    } finally {
      for (const service of services) await service.stop();
    }
  });
});
