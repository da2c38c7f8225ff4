import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

export interface ServeOptions<TContext extends BaseContext, TAuth = undefined> {
  host: string;
  port: number;
  /** Builds the per-request context (one DataLoader set per request lives here). */
  context: (request: IncomingMessage, auth: TAuth) => Promise<TContext>;
  /**
   * Checks who sent a request, given its exact body, before anything is parsed or executed.
   * Throwing refuses it with 401 and the error's message (which must hold no secret). When set,
   * only POST requests are served.
   */
  authenticate?: (request: IncomingMessage, body: string) => TAuth;
  /** Rewrites or refuses (throw HttpError) a parsed POST body before GraphQL sees it. */
  prepareBody?: (body: unknown) => unknown;
  /** false: operations only by POST (so prepareBody sees every one); GET serves the landing page only */
  getOperations?: boolean;
  /** Extra facts for GET /health; throwing makes the service report itself unhealthy (503). */
  health?: () => Promise<Record<string, unknown>>;
  /** Requests with a larger body are refused with 413 before parsing. */
  maxBodyBytes?: number;
  /** Extra counters for GET /metrics (Prometheus text format), e.g. SQL statements run. */
  metrics?: () => Record<string, number>;
}

export interface RunningServer {
  url: string;
  port: number;
  /** GraphQL requests received so far (refused ones included), for tests and stats */
  requestCount(): number;
  stop(): Promise<void>;
}

/** Thrown by a hook to refuse a request with an HTTP status and a message for the client. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly code?: string) {
    super(message);
  }
}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      if (size > limit) return; // already refused: the rest is drained and dropped
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        reject(new HttpError(413, `Request body larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/**
 * Counters only (never labels with ids or values): how many requests and statements, and the
 * process's memory. Operators scrape it; the benchmarks read it to count work per request.
 */
function metricsText(counters: Record<string, number>): string {
  const memory = process.memoryUsage();
  const all: Record<string, number> = {
    ...counters,
    process_resident_memory_bytes: memory.rss,
    nodejs_heap_used_bytes: memory.heapUsed,
  };
  return Object.entries(all).map(([name, value]) => `# TYPE ${name} ${name.endsWith('_total') ? 'counter' : 'gauge'}\n${name} ${value}\n`).join('');
}

/** Reads `name value` lines of a /metrics answer. */
export function parseMetrics(text: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*) (-?[0-9.e+]+)$/.exec(line.trim());
    if (match) result[match[1]] = Number(match[2]);
  }
  return result;
}

/**
 * Serves an Apollo Server on /graphql with /health and /metrics routes, on plain node:http. We own the
 * HTTP layer so that body limits, health checks and (later) request signatures sit in one
 * place for the gateway and every subgraph.
 */
export async function serveGraphQL<TContext extends BaseContext, TAuth = undefined>(
  apollo: ApolloServer<TContext>,
  options: ServeOptions<TContext, TAuth>,
): Promise<RunningServer> {
  const limit = options.maxBodyBytes ?? 1_000_000;
  await apollo.start();
  let requests = 0;
  const server = http.createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname === '/health') {
        try {
          sendJson(response, 200, { status: 'ok', ...(await options.health?.()) });
        } catch (error) {
          sendJson(response, 503, { status: 'unavailable', reason: error instanceof Error ? error.message : 'unknown' });
        }
        return;
      }
      if (url.pathname === '/metrics') {
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        response.end(metricsText({ coalition_graphql_requests_total: requests, ...options.metrics?.() }));
        return;
      }
      if (url.pathname !== '/graphql' && url.pathname !== '/') {
        sendJson(response, 404, { error: `No route ${url.pathname}; GraphQL is served at /graphql` });
        return;
      }
      requests++;
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      let body: unknown;
      let auth = undefined as TAuth;
      if (options.authenticate && request.method !== 'POST') throw new HttpError(405, 'Only POST requests are served here');
      if (options.getOperations === false && request.method !== 'POST' && (url.searchParams.has('query') || url.searchParams.has('extensions'))) {
        throw new HttpError(405, 'Operations are served by POST only here');
      }
      if (request.method === 'POST') {
        const text = await readBody(request, limit);
        if (options.authenticate) {
          try {
            auth = options.authenticate(request, text);
          } catch (error) {
            throw new HttpError(401, error instanceof Error ? error.message : 'Request refused');
          }
        }
        try {
          body = text.length ? JSON.parse(text) : undefined;
        } catch {
          throw new HttpError(400, 'Request body is not valid JSON');
        }
        if (options.prepareBody) body = options.prepareBody(body);
      }
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
        context: () => options.context(request, auth),
      });
      for (const [key, value] of result.headers) response.setHeader(key, value);
      response.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        response.end(result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) response.write(chunk);
        response.end();
      }
    } catch (error) {
      if (response.headersSent) {
        response.end();
        return;
      }
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof HttpError ? error.message : 'Internal server error';
      const code = error instanceof HttpError && error.code ? error.code : status === 500 ? 'INTERNAL_SERVER_ERROR' : status === 401 ? 'UNAUTHENTICATED' : 'BAD_REQUEST';
      sendJson(response, status, { errors: [{ message, extensions: { code } }] });
    }
  });
  // Longer than any client keeps an idle connection (undici: 4 s), so the client always closes
  // first: a server closing first races a client that reuses the socket after a busy moment.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/graphql`,
    port,
    requestCount: () => requests,
    async stop() {
      await apollo.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
