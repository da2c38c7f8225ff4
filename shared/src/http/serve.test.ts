import net from 'node:net';
import { ApolloServer } from '@apollo/server';
import { parseMetrics, serveGraphQL, type HttpServerLimits, type RunningServer } from './serve';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A tiny schema whose one field answers after `ms` milliseconds: a slow answer, not a slow client. */
const slowApollo = () =>
  new ApolloServer({
    typeDefs: 'type Query { slow(ms: Int!): String }',
    resolvers: {
      Query: {
        slow: async (_: unknown, { ms }: { ms: number }) => {
          await sleep(ms);
          return 'done';
        },
      },
    },
  });

const serve = (limits: HttpServerLimits) => serveGraphQL(slowApollo(), { host: '127.0.0.1', port: 0, context: async () => ({}), ...limits });

/** Sends `request` on an open socket and resolves with the first complete HTTP answer head. */
function exchange(socket: net.Socket, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const onData = (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n\r\n')) {
        socket.off('data', onData);
        resolve(received);
      }
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`closed before an answer; got "${received}"`)));
    socket.write(request);
  });
}

describe('serveGraphQL timeouts count the request, not the answer or the idle time between requests', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await serve({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('a slow answer is not cut by the request timeout', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ slow(ms: 1500) }' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { slow: 'done' } });
  });

  it('an idle keep-alive connection outlives the headers timeout (keepAliveTimeout governs it)', async () => {
    const socket = net.connect(server.port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    const health = 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    expect(await exchange(socket, health)).toMatch(/^HTTP\/1\.1 200/);
    await sleep(1_500);
    expect(await exchange(socket, health)).toMatch(/^HTTP\/1\.1 200/);
    socket.destroy();
  });

  it('refuses a headers timeout longer than the request timeout before starting anything', async () => {
    await expect(serve({ headersTimeoutMs: 5_000, requestTimeoutMs: 1_000 })).rejects.toThrow(
      /headersTimeoutMs \(5000\) must not exceed requestTimeoutMs \(1000\)/,
    );
  });
});

const post = (server: RunningServer, body: string, headers: Record<string, string> = {}) =>
  fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
const metricsText = async (server: RunningServer) => (await fetch(server.url.replace(/\/graphql$/, '/metrics'))).text();
const codeOf = async (response: Response) => ((await response.json()) as { errors: Array<{ extensions: unknown }> }).errors[0].extensions;
const SLOW = JSON.stringify({ query: '{ slow(ms: 0) }' });

describe('serveGraphQL routes, metrics and body limits', () => {
  let open: RunningServer;
  let other: RunningServer;
  let statements = 0;

  beforeAll(async () => {
    open = await serveGraphQL(slowApollo(), {
      host: '127.0.0.1',
      port: 0,
      context: async () => ({}),
      maxBodyBytes: 200,
      metrics: () => ({ coalition_sql_statements_total: statements }),
    });
    other = await serve({});
  });

  afterAll(async () => {
    await open?.stop();
    await other?.stop();
  });

  it("counts GraphQL requests per server (refused ones included) and shows the service's own figures on /metrics", async () => {
    statements = 7;
    await post(open, SLOW);
    await post(open, '{ not json');
    const metrics = parseMetrics(await metricsText(open));
    expect(metrics).toMatchObject({ coalition_graphql_requests_total: 2, coalition_sql_statements_total: 7 });
    expect(metrics.process_resident_memory_bytes).toBeGreaterThan(0);
    expect(open.requestCount()).toBe(2);
    expect(parseMetrics(await metricsText(other)).coalition_graphql_requests_total).toBe(0);
    expect(await metricsText(open)).toContain('# TYPE coalition_sql_statements_total counter');
  });

  it("refuses a body over the limit with 413 and a body that is not JSON with 400, in GraphQL's error shape", async () => {
    const large = await post(open, JSON.stringify({ query: `{ slow(ms: 0) } # ${'x'.repeat(300)}` }));
    expect(large.status).toBe(413);
    expect(await large.json()).toEqual({ errors: [{ message: 'Request body larger than 200 bytes', extensions: { code: 'BAD_REQUEST' } }] });
    const garbled = await post(open, '{ not json');
    expect(garbled.status).toBe(400);
    expect(await codeOf(garbled)).toEqual({ code: 'BAD_REQUEST' });
    expect((await fetch(open.url.replace(/\/graphql$/, '/elsewhere'))).status).toBe(404);
  });
});

describe('serveGraphQL where requests are authenticated', () => {
  let guarded: RunningServer;

  beforeAll(async () => {
    guarded = await serveGraphQL(slowApollo(), {
      host: '127.0.0.1',
      port: 0,
      context: async () => ({}),
      authenticate: (request) => {
        const proof = request.headers['x-proof'];
        if (proof === 'ok') return 'caller';
        throw Object.assign(new Error(proof === 'down' ? 'the replay store is unreachable' : 'no proof'), { status: proof === 'down' ? 503 : 401 });
      },
    });
  });

  afterAll(async () => {
    await guarded?.stop();
  });

  it('serves POST only, refuses with 401 and the reason, or 503 when the check could not run', async () => {
    expect((await fetch(`${guarded.url}?query=${encodeURIComponent('{ slow(ms: 0) }')}`)).status).toBe(405);
    const refused = await post(guarded, SLOW);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ errors: [{ message: 'no proof', extensions: { code: 'UNAUTHENTICATED' } }] });
    const unavailable = await post(guarded, SLOW, { 'x-proof': 'down' });
    expect(unavailable.status).toBe(503);
    expect(await codeOf(unavailable)).toEqual({ code: 'SERVICE_UNAVAILABLE' });
    expect(await (await post(guarded, SLOW, { 'x-proof': 'ok' })).json()).toEqual({ data: { slow: 'done' } });
  });
});
