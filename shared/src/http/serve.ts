import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { describeForLog } from '../errors';

/**
 * What one slow or hostile client may hold: without these, connections that never finish their
 * request stay open for minutes and a few hundred of them exhaust the process.
 */
export interface HttpServerLimits {
  /** Headers must arrive within this many ms of a request's first byte (or of connecting); default 10,000. */
  headersTimeoutMs?: number;
  /** The whole request (headers and body, not the answer) within this many ms; default 30,000. */
  requestTimeoutMs?: number;
  /** Connections beyond this many are closed as they arrive; default 1,000. */
  maxConnections?: number;
}

export const DEFAULT_HTTP_LIMITS: Required<HttpServerLimits> = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, maxConnections: 1_000 };

export interface ServeOptions<TContext extends BaseContext, TAuth = undefined> extends HttpServerLimits {
  host: string;
  port: number;
  /** Builds the per-request context (one DataLoader set per request lives here). */
  context: (request: IncomingMessage, auth: TAuth) => Promise<TContext>;
  /**
   * Checks who sent a request, given its exact body, before anything is parsed or executed.
   * Throwing refuses it with 401 and the error's message (which must hold no secret), or with 503
   * when the error's `status` is 503 (the check itself could not run). When set, only POST
   * requests are served.
   */
  authenticate?: (request: IncomingMessage, body: string) => TAuth | Promise<TAuth>;
  /** Rewrites or refuses (throw HttpError) a parsed POST body before GraphQL sees it. */
  prepareBody?: (body: unknown) => unknown;
  /** false: operations only by POST (so prepareBody sees every one); GET serves the landing page only */
  getOperations?: boolean;
  /**
   * Extra facts for GET /health; throwing makes the service report itself unhealthy (503). The
   * endpoint is public, so the error is logged (class and code) and never sent.
   */
  health?: () => Promise<Record<string, unknown>>;
  /** Where the server's own failures go (a failed health check); default standard error. */
  log?: (message: string) => void;
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
  const log = options.log ?? ((message: string) => console.error(`[http] ${message}`));
  const headersTimeoutMs = options.headersTimeoutMs ?? DEFAULT_HTTP_LIMITS.headersTimeoutMs;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_HTTP_LIMITS.requestTimeoutMs;
  if (headersTimeoutMs > requestTimeoutMs) throw new Error(`headersTimeoutMs (${headersTimeoutMs}) must not exceed requestTimeoutMs (${requestTimeoutMs}): the headers are part of the request`);
  await apollo.start();
  let requests = 0;
  const server = http.createServer({
    // Node 20 counts both timeouts from a request's first byte (from connecting, for a client that
    // sends nothing) and only while a request is incomplete: an idle keep-alive connection is
    // governed by keepAliveTimeout alone, and a slow answer by neither. So, unlike before Node 18,
    // headersTimeout need not exceed keepAliveTimeout. Node requires headersTimeout <= requestTimeout.
    headersTimeout: headersTimeoutMs,
    requestTimeout: requestTimeoutMs,
    // Node checks the timeouts on this period (default 30 s, which would add up to 30 s to each).
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeoutMs / 2))),
  }, async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname === '/health') {
        try {
          sendJson(response, 200, { status: 'ok', ...(await options.health?.()) });
        } catch (error) {
          // A driver's message names the database host, port or name; /health answers anyone.
          log(`health check failed: ${describeForLog(error)}`);
          sendJson(response, 503, { status: 'unavailable' });
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
            auth = await options.authenticate(request, text);
          } catch (error) {
            const unavailable = (error as { status?: unknown } | null)?.status === 503;
            throw new HttpError(unavailable ? 503 : 401, error instanceof Error ? error.message : 'Request refused', unavailable ? 'SERVICE_UNAVAILABLE' : undefined);
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
  server.maxConnections = options.maxConnections ?? DEFAULT_HTTP_LIMITS.maxConnections;
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
