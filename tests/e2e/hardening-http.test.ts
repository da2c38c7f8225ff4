import net from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSupergraph, readGatewayConfig, startGateway, type GatewayServer } from '@coalition/gateway';
import { createPartnerDataSource, startPartnerServer, type PartnerDataSource, type PartnerServer } from '@coalition/partner';
import { DEMO_AUTH } from '@coalition/demo';
import { generateProofKeys } from '@coalition/shared/auth';
import { graphql } from '../support/graphql';
import { createTestDatabase, testServerUrl } from '../support/database';
import { cutDatabase } from '../support/database-outage';
import { startTestCoalition } from '../support/coalition';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A raw TCP client: what a slow (or hostile) client does, byte by byte. */
interface RawClient {
  received(): string;
  /** resolves with the milliseconds from connect to close */
  closed: Promise<number>;
  socket: net.Socket;
}

async function rawClient(port: number, send = ''): Promise<RawClient> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  const openedAt = Date.now();
  const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - openedAt)));
  await new Promise<void>((resolve) => {
    socket.once('connect', resolve);
    socket.once('close', () => resolve());
  });
  if (send) socket.write(send);
  return { socket, received: () => received, closed };
}

/** The milliseconds until the client was closed, or undefined if it is still open after `ms`. */
const closedWithin = (client: RawClient, ms: number) =>
  new Promise<number | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    void client.closed.then((after) => {
      clearTimeout(timer);
      resolve(after);
    });
  });

/**
 * A TCP relay in front of the test PostgreSQL, so the database can be made unreachable as an
 * outage would: close() stops listening and cuts every open connection.
 */
async function relay(target: URL): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('GET /health of a partner whose database is unreachable', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: Awaited<ReturnType<typeof relay>>;
  let database: PartnerDataSource;
  let partner: PartnerServer;
  let health: string;
  const logged: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('health');
    proxy = await relay(new URL(testServerUrl()));
    const url = new URL(db.url);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    database = createPartnerDataSource(url.toString(), { poolSize: 2 });
    await database.dataSource.initialize();
    partner = await startPartnerServer({
      partnerId: 'health-partner',
      partnerName: 'Health Partner',
      database,
      gatewayPublicKey: generateProofKeys().publicKey,
    });
    health = partner.url.replace(/\/graphql$/, '/health');
    // Captures what the service writes to its log (standard error by default).
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args.join(' '));
    });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await partner?.stop();
    await database?.dataSource.destroy().catch(() => undefined);
    await proxy?.close();
    await db?.drop();
  });

  /** The driver's error code may be logged (it names no place); the host, port and database name may not. */
  const expectStatusOnly = async (secrets: string[], alsoNotInBody: string[] = []) => {
    const response = await fetch(health);
    const body = await response.text();
    expect(response.status).toBe(503);
    expect(JSON.parse(body)).toEqual({ status: 'unavailable' });
    for (const secret of [...secrets, ...alsoNotInBody]) expect(body).not.toContain(secret);
    const line = logged.find((l) => l.includes('health check failed'));
    expect(line).toBeDefined();
    for (const secret of secrets) expect(line).not.toContain(secret);
    logged.length = 0;
  };

  it('a database that refuses connections: 503 with the status only (no database name), then healthy again', async () => {
    expect((await fetch(health)).status).toBe(200);
    const outage = await cutDatabase(db.name);
    try {
      await expectStatusOnly([db.name, String(proxy.port)]);
    } finally {
      await outage.restore();
    }
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await fetch(health)).status;
      if (status !== 200) await sleep(100);
    }
    expect(status).toBe(200);
  });

  it('a database server that cannot be reached: 503 with the status only (no host, port or ECONNREFUSED)', async () => {
    await proxy.close();
    await expectStatusOnly(['127.0.0.1', String(proxy.port)], ['ECONNREFUSED', 'connect']);
  });
});

describe('the gateway drops slow clients (HTTP_HEADERS_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS, HTTP_MAX_CONNECTIONS)', () => {
  let coalition: TestCoalition;
  let env: NodeJS.ProcessEnv;
  const gateways: GatewayServer[] = [];
  const logs: string[] = [];
  const start = async (extra: NodeJS.ProcessEnv) => {
    const gateway = await startGateway({ ...readGatewayConfig({ ...env, ...extra }), port: 0, log: (m) => logs.push(m) });
    gateways.push(gateway);
    return gateway;
  };
  let quick: GatewayServer;
  let capped: GatewayServer;

  beforeAll(async () => {
    coalition = await startTestCoalition('hardening', { people: 40 });
    const supergraphPath = join(mkdtempSync(join(tmpdir(), 'cg-hardening-')), 'supergraph.graphql');
    writeFileSync(supergraphPath, await composeSupergraph());
    // What main.ts reads: the gateway below is configured exactly as a deployment would be.
    env = {
      REGISTRY_URL: coalition.registry.url,
      SUPERGRAPH_PATH: supergraphPath,
      GATEWAY_SIGNING_KEY: coalition.proofKeys.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      AUTH_ISSUER: DEMO_AUTH.issuer,
      AUTH_AUDIENCE: DEMO_AUTH.audience,
      AUTH_HS256_SECRET: DEMO_AUTH.secret,
    };
    quick = await start({ HTTP_HEADERS_TIMEOUT_MS: '500', HTTP_REQUEST_TIMEOUT_MS: '1000' });
    capped = await start({ HTTP_MAX_CONNECTIONS: '3' });
  });

  afterAll(async () => {
    for (const gateway of gateways) await gateway.stop();
    await coalition?.dispose();
  });

  it('still answers ordinary requests (a demo token, 8 hours, passes the lifetime cap)', async () => {
    const result = await graphql(quick.url, '{ indicators { code } }');
    expect(result.errors).toBeUndefined();
    expect(result.data.indicators.length).toBeGreaterThan(0);
  });

  it('closes connections whose headers never finish, and silent ones, after the headers timeout with 408', async () => {
    const partial = await Promise.all(
      Array.from({ length: 20 }, () => rawClient(quick.port, 'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n')),
    );
    const silent = await Promise.all(Array.from({ length: 5 }, () => rawClient(quick.port)));
    const closedAfter = await Promise.all([...partial, ...silent].map((client) => closedWithin(client, 5_000)));
    expect(closedAfter.filter((ms) => ms === undefined)).toHaveLength(0);
    for (const ms of closedAfter) expect(ms).toBeGreaterThanOrEqual(400);
    for (const client of partial) expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a request whose body never finishes after the request timeout with 408', async () => {
    const client = await rawClient(
      quick.port,
      'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":"',
    );
    const ms = await closedWithin(client, 6_000);
    expect(ms).toBeDefined();
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('refuses connections over the cap without a byte, and keeps serving those within it', async () => {
    const held = await Promise.all(Array.from({ length: 3 }, () => rawClient(capped.port)));
    const extra = await rawClient(capped.port);
    expect(await closedWithin(extra, 2_000)).toBeDefined();
    expect(extra.received()).toBe('');
    held[0].socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    await closedWithin(held[0], 5_000);
    expect(held[0].received()).toMatch(/^HTTP\/1\.1 200/);
    for (const client of held) client.socket.destroy();
  });

  it('names the variables when the headers timeout exceeds the request timeout', () => {
    expect(() => readGatewayConfig({ ...env, HTTP_HEADERS_TIMEOUT_MS: '40000' })).toThrow(/HTTP_HEADERS_TIMEOUT_MS .*HTTP_REQUEST_TIMEOUT_MS/);
    expect(() => readGatewayConfig({ ...env, HTTP_MAX_CONNECTIONS: 'lots' })).toThrow(/HTTP_MAX_CONNECTIONS must be a positive whole number/);
  });
});
