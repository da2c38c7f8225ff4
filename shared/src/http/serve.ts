import http, { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { describeForLog } from '../errors';
import { executeGraphQL, type GraphQLRequestHooks } from './graphql-request';
import { serveHealth } from './health';
import { ServiceMetrics } from './metrics';
import type { Registry } from 'prom-client';
import { sendError, sendJson } from './response';

export { HttpError } from './response';
export { parseMetrics } from './metrics';

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

export interface ServeOptions<TContext extends BaseContext, TAuth = undefined> extends HttpServerLimits, GraphQLRequestHooks<TContext, TAuth> {
  host: string;
  port: number;
  /**
   * Checks who sent a request, given its exact body, before anything is parsed or executed.
   * Throwing refuses it with 401 and the error's message (which must hold no secret), or with 503
   * when the error's `status` is 503 (the check itself could not run). When set, only POST
   * requests are served.
   */
  authenticate?: (request: IncomingMessage, body: string) => TAuth | Promise<TAuth>;
  /**
   * Extra facts for GET /health; throwing makes the service report itself unhealthy (503). The
   * endpoint is public, so the error is logged (class and code) and never sent.
   */
  health?: () => Promise<Record<string, unknown>>;
  /** Where the server's own failures go (a failed health check); default standard error. */
  log?: (message: string) => void;
  /** Requests with a larger body are refused with 413 before parsing; default 1,000,000. */
  maxBodyBytes?: number;
  /** Extra figures for GET /metrics by name, e.g. SQL statements run (names ending in _total are counters). */
  metrics?: () => Record<string, number>;
  /** prom-client registries of the service's own (labelled) metrics, shown with the rest on GET /metrics. */
  metricRegistries?: Registry[];
  /**
   * Other routes (the gateway's dashboard and IDE), tried after /health and /metrics and before
   * GraphQL: true when it answered the request.
   */
  pages?: (request: IncomingMessage, response: ServerResponse, url: URL) => boolean | Promise<boolean>;
}

export interface RunningServer {
  url: string;
  port: number;
  /** GraphQL requests received so far (refused ones included), for tests and stats */
  requestCount(): number;
  stop(): Promise<void>;
}

/**
 * Node's own limits on a request, checked before anything starts. Node 20 counts both timeouts
 * from a request's first byte (from connecting, for a client that sends nothing) and only while
 * a request is incomplete: an idle keep-alive connection is governed by keepAliveTimeout alone,
 * and a slow answer by neither. So, unlike before Node 18, headersTimeout need not exceed
 * keepAliveTimeout. Node requires headersTimeout <= requestTimeout.
 */
function requestLimits(options: HttpServerLimits): http.ServerOptions {
  const headersTimeoutMs = options.headersTimeoutMs ?? DEFAULT_HTTP_LIMITS.headersTimeoutMs;
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_HTTP_LIMITS.requestTimeoutMs;
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new Error(`headersTimeoutMs (${headersTimeoutMs}) must not exceed requestTimeoutMs (${requestTimeoutMs}): the headers are part of the request`);
  }
  return {
    headersTimeout: headersTimeoutMs,
    requestTimeout: requestTimeoutMs,
    // Node checks the timeouts on this period (default 30 s, which would add up to 30 s to each).
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(headersTimeoutMs / 2))),
  };
}

/** The routes: GET /health, GET /metrics, the service's own pages, and GraphQL on /graphql (and /). */
function routes<TContext extends BaseContext, TAuth>(
  apollo: ApolloServer<TContext>,
  options: ServeOptions<TContext, TAuth>,
  metrics: ServiceMetrics,
  log: (message: string) => void,
): RequestListener {
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  return async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname === '/health') return await serveHealth(response, options.health, log);
      if (url.pathname === '/metrics') return await metrics.serve(response);
      if (options.pages && (await options.pages(request, response, url))) return;
      if (url.pathname !== '/graphql' && url.pathname !== '/') {
        return sendJson(response, 404, { error: `No route ${url.pathname}; GraphQL is served at /graphql` });
      }
      metrics.countRequest();
      await executeGraphQL(apollo, options, maxBodyBytes, request, response, url);
    } catch (error) {
      sendError(response, error, (unexpected) => log(`request failed: ${describeForLog(unexpected)}`));
    }
  };
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Serves an Apollo Server on /graphql with /health and /metrics routes, on plain node:http. We own the
 * HTTP layer so that body limits, timeouts, health checks and request proofs sit in one place
 * for the gateway and every subgraph, and run before Apollo Server parses anything.
 */
export async function serveGraphQL<TContext extends BaseContext, TAuth = undefined>(
  apollo: ApolloServer<TContext>,
  options: ServeOptions<TContext, TAuth>,
): Promise<RunningServer> {
  const log = options.log ?? ((message: string) => console.error(`[http] ${message}`));
  const limits = requestLimits(options);
  await apollo.start();
  const metrics = new ServiceMetrics(options.metrics, options.metricRegistries);
  const server = http.createServer(limits, routes(apollo, options, metrics, log));
  // Longer than any client keeps an idle connection (undici: 4 s), so the client always closes
  // first: a server closing first races a client that reuses the socket after a busy moment.
  server.keepAliveTimeout = 65_000;
  server.maxConnections = options.maxConnections ?? DEFAULT_HTTP_LIMITS.maxConnections;
  await listen(server, options.port, options.host);
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/graphql`,
    port,
    requestCount: () => metrics.requestCount(),
    async stop() {
      await apollo.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
