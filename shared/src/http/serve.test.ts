import net from 'node:net';
import { ApolloServer } from '@apollo/server';
import { serveGraphQL, type HttpServerLimits, type RunningServer } from './serve';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A tiny schema whose one field answers after `ms` milliseconds: a slow answer, not a slow client. */
const slowApollo = () => new ApolloServer({
  typeDefs: 'type Query { slow(ms: Int!): String }',
  resolvers: { Query: { slow: async (_: unknown, { ms }: { ms: number }) => { await sleep(ms); return 'done'; } } },
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
    await expect(serve({ headersTimeoutMs: 5_000, requestTimeoutMs: 1_000 })).rejects.toThrow(/headersTimeoutMs \(5000\) must not exceed requestTimeoutMs \(1000\)/);
  });
});
