import net from 'node:net';
import { randomBytes, type KeyObject } from 'node:crypto';
import { createPartnerDataSource, startPartnerServer, type PartnerDataSource, type PartnerServer } from '@coalition/partner';
import { createRegistryDataSource, startRegistryServer } from '@coalition/registry';
import { PROOF_HEADER, ProofSigner, RedisReplayStore, generateProofKeys, partnerIssuer, type Caller, type ReplayStore } from '@coalition/shared/auth';
import type { RunningServer } from '@coalition/shared/http';
import type { DataSource } from 'typeorm';
import { createTestDatabase } from '../support/database';
import { post, type GraphQLResponse } from '../support/graphql';
import { testRedisUrl } from '../support/redis';

const PARTNER = 'northside-training';
const ANALYST: Caller = { subject: 'replay-analyst', role: 'backbone_analyst' };
const BODY = JSON.stringify({ query: '{ __typename }' });

/**
 * A TCP relay in front of the test Redis, so a test can take "Redis" away (connections reset),
 * bring it back, or silence it (connections stay open, nothing is forwarded).
 */
async function redisRelay(): Promise<{ url: string; down(): Promise<void>; up(): Promise<void>; silence(): void; close(): Promise<void> }> {
  const target = new URL(testRedisUrl());
  const sockets = new Set<net.Socket>();
  const pairs: Array<[net.Socket, net.Socket]> = [];
  let server: net.Server | undefined;
  let port = 0;
  const up = async () => {
    server = net.createServer((client) => {
      const upstream = net.connect({ host: target.hostname.replace(/^\[|\]$/g, ''), port: Number(target.port || 6379) });
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
      pairs.push([client, upstream]);
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  };
  const down = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server ? server.close(() => resolve()) : resolve();
      server = undefined;
    });
  const silence = () => {
    for (const [client, upstream] of pairs) client.unpipe(upstream);
  };
  await up();
  const url = new URL(testRedisUrl());
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return { url: url.toString(), up, down, silence, close: down };
}

describe('a proof is accepted once by the whole service, not once per replica', () => {
  let keys: { privateKey: KeyObject; publicKey: KeyObject };
  let partnerDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let registryDb: Awaited<ReturnType<typeof createTestDatabase>>;
  const partnerSources: PartnerDataSource[] = [];
  let registrySource: DataSource;
  let keyPrefix: string;
  const running: Array<RunningServer | PartnerServer> = [];
  const stores: ReplayStore[] = [];
  const registryKey = randomBytes(32).toString('base64url');

  const gatewayProof = (audience: string, body = BODY) =>
    new ProofSigner({ algorithm: 'ES256', key: keys.privateKey }).sign(audience, body, ANALYST, 'replay-test');
  const send = (url: string, proof: string, body = BODY) => post(url, body, { token: null, headers: { [PROOF_HEADER]: proof } });
  const errorOf = async (response: Response) => ((await response.json()) as GraphQLResponse).errors![0];
  const store = async (url = testRedisUrl(), onError?: (error: unknown) => void, commandTimeoutMs?: number) => {
    const created = await RedisReplayStore.connect(url, { keyPrefix, onError, commandTimeoutMs });
    stores.push(created);
    return created;
  };
  /** One more replica of the partner subgraph, on its own connection pool to the same database. */
  const partnerReplica = async (replayStore?: ReplayStore) => {
    const database = createPartnerDataSource(partnerDb.url, { poolSize: 2 });
    await database.dataSource.initialize();
    partnerSources.push(database);
    const server = await startPartnerServer({
      partnerId: PARTNER,
      partnerName: 'Northside',
      database,
      gatewayPublicKey: keys.publicKey,
      replayStore,
      logError: () => undefined,
    });
    running.push(server);
    return server;
  };

  beforeAll(async () => {
    keys = generateProofKeys();
    partnerDb = await createTestDatabase('replay_partner');
    registryDb = await createTestDatabase('replay_registry');
    const migrator = createPartnerDataSource(partnerDb.url, { poolSize: 1 });
    await migrator.dataSource.initialize();
    await migrator.dataSource.runMigrations({ transaction: 'each' });
    await migrator.dataSource.destroy();
    registrySource = createRegistryDataSource(registryDb.url);
    await registrySource.initialize();
    await registrySource.runMigrations({ transaction: 'each' });
  });

  beforeEach(() => {
    keyPrefix = `cg:test:replay:${process.pid}:${randomBytes(4).toString('hex')}:`;
  });

  afterEach(async () => {
    for (const server of running.splice(0)) await server.stop();
    for (const replayStore of stores.splice(0)) await replayStore.close();
    for (const database of partnerSources.splice(0)) await database.dataSource.destroy();
  });

  afterAll(async () => {
    await registrySource?.destroy();
    await partnerDb?.drop();
    await registryDb?.drop();
  });

  it('two partner replicas sharing Redis: the first answers, the second refuses the same proof with 401 "already used"', async () => {
    const [first, second] = [await partnerReplica(await store()), await partnerReplica(await store())];
    const proof = gatewayProof(PARTNER);

    const accepted = await send(first.url, proof);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ data: { __typename: 'Query' } });

    const replayed = await send(second.url, proof);
    expect(replayed.status).toBe(401);
    expect(await errorOf(replayed)).toMatchObject({ message: expect.stringContaining('already used'), extensions: { code: 'UNAUTHENTICATED' } });
    expect((await send(first.url, proof)).status).toBe(401);
    // The second replica is not refusing everything: a fresh proof passes.
    expect((await send(second.url, gatewayProof(PARTNER))).status).toBe(200);
  });

  it("two registry replicas sharing Redis: a partner's own linkage proof (HS256) is accepted once", async () => {
    const replicas: RunningServer[] = [];
    for (let i = 0; i < 2; i++) {
      const server = await startRegistryServer({
        dataSource: registrySource,
        gatewayPublicKey: keys.publicKey,
        partnerKeys: { [PARTNER]: registryKey },
        replayStore: await store(),
        logError: () => undefined,
      });
      running.push(server);
      replicas.push(server);
    }
    const proof = new ProofSigner({ algorithm: 'HS256', key: registryKey }, partnerIssuer(PARTNER)).sign('registry', BODY, null, 'replay-test');

    expect((await send(replicas[0].url, proof)).status).toBe(200);
    const replayed = await send(replicas[1].url, proof);
    expect(replayed.status).toBe(401);
    expect((await errorOf(replayed)).message).toContain('already used');
  });

  it('without Redis, each replica still refuses a proof it has already accepted', async () => {
    const [first, second] = [await partnerReplica(), await partnerReplica()];
    for (const replica of [first, second]) {
      const proof = gatewayProof(PARTNER);
      expect((await send(replica.url, proof)).status).toBe(200);
      const replayed = await send(replica.url, proof);
      expect(replayed.status).toBe(401);
      expect((await errorOf(replayed)).message).toContain('already used');
    }
  });

  it('a Redis that stops answering: 503 with the reason, never acceptance; it answers again once Redis is back', async () => {
    const relay = await redisRelay();
    const failures: unknown[] = [];
    try {
      const replica = await partnerReplica(await store(relay.url, (error) => failures.push(error)));
      expect((await send(replica.url, gatewayProof(PARTNER))).status).toBe(200);

      await relay.down();
      const proof = gatewayProof(PARTNER);
      const refused = await send(replica.url, proof);
      expect(refused.status).toBe(503);
      const error = await errorOf(refused);
      expect(error.message).toMatch(/replay check.*unavailable/i);
      expect(error.message).not.toContain(proof);
      expect(failures.length).toBeGreaterThan(0);

      await relay.up();
      let status = 0;
      for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
        status = (await send(replica.url, gatewayProof(PARTNER))).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
    } finally {
      await relay.close();
    }
  });

  it('a Redis that goes silent (connection open, no answers): 503 once the check times out, not a hung request', async () => {
    const relay = await redisRelay();
    try {
      const replica = await partnerReplica(await store(relay.url, undefined, 300));
      expect((await send(replica.url, gatewayProof(PARTNER))).status).toBe(200);
      relay.silence();
      const started = Date.now();
      const refused = await send(replica.url, gatewayProof(PARTNER));
      expect(refused.status).toBe(503);
      expect((await errorOf(refused)).extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await relay.close();
    }
  });

  it('a Redis unreachable at start stops the service from starting, naming where it looked', async () => {
    const relay = await redisRelay();
    const { url } = relay;
    await relay.close();
    await expect(RedisReplayStore.connect(url, { keyPrefix })).rejects.toThrow(`The replay-check Redis at 127.0.0.1:${new URL(url).port} is unreachable`);
  });
});
