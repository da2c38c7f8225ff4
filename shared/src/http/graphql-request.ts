import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';
import { ErrorCode } from '../errors';
import { parseJsonBody, readBody } from './body';
import { HttpError } from './response';

/** The hooks of ServeOptions a GraphQL request passes through, in this order. */
export interface GraphQLRequestHooks<TContext extends BaseContext, TAuth> {
  /** Who sent the request, given its exact body; throwing refuses it (401, or 503 when its `status` is 503). */
  authenticate?: (request: IncomingMessage, body: string) => TAuth | Promise<TAuth>;
  /** false: operations only by POST (so prepareBody sees every one); GET serves the landing page only */
  getOperations?: boolean;
  /** Rewrites or refuses (throw HttpError) a parsed POST body before GraphQL sees it. */
  prepareBody?: (body: unknown) => unknown;
  context: (request: IncomingMessage, auth: TAuth) => Promise<TContext>;
}

/**
 * Refuses, before reading a byte of the body, a method a service does not take operations by:
 * anything but POST where requests are authenticated (a proof covers a body), and operations
 * in a GET query string where getOperations is false (persisted-only: prepareBody sees them all).
 */
function checkMethod(request: IncomingMessage, url: URL, hooks: GraphQLRequestHooks<BaseContext, unknown>): void {
  if (hooks.authenticate && request.method !== 'POST') throw new HttpError(ErrorCode.BAD_REQUEST, 'Only POST requests are served here', 405);
  if (hooks.getOperations === false && request.method !== 'POST' && (url.searchParams.has('query') || url.searchParams.has('extensions'))) {
    throw new HttpError(ErrorCode.BAD_REQUEST, 'Operations are served by POST only here', 405);
  }
}

/** The authenticate hook's refusal: its message (which holds no secret), 503 when the check itself could not run. */
async function authenticate<TAuth>(check: NonNullable<GraphQLRequestHooks<BaseContext, TAuth>['authenticate']>, request: IncomingMessage, body: string) {
  try {
    return await check(request, body);
  } catch (error) {
    const unavailable = (error as { status?: unknown } | null)?.status === 503;
    throw new HttpError(unavailable ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.UNAUTHENTICATED, error instanceof Error ? error.message : 'Request refused');
  }
}

/** A POST body: read within the limit, authenticated on its exact bytes, then parsed and prepared. */
async function readPost<TAuth>(request: IncomingMessage, hooks: GraphQLRequestHooks<BaseContext, TAuth>, maxBodyBytes: number) {
  const text = await readBody(request, maxBodyBytes);
  const auth = hooks.authenticate ? await authenticate(hooks.authenticate, request, text) : (undefined as TAuth);
  const body = parseJsonBody(text);
  return { auth, body: hooks.prepareBody ? hooks.prepareBody(body) : body };
}

function headerMap(request: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

async function writeResult(response: ServerResponse, result: HTTPGraphQLResponse): Promise<void> {
  for (const [key, value] of result.headers) response.setHeader(key, value);
  response.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    response.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}

/** One request to /graphql, through the hooks, executed by Apollo Server. Refusals are thrown as HttpError. */
export async function executeGraphQL<TContext extends BaseContext, TAuth>(
  apollo: ApolloServer<TContext>,
  hooks: GraphQLRequestHooks<TContext, TAuth>,
  maxBodyBytes: number,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  checkMethod(request, url, hooks as GraphQLRequestHooks<BaseContext, unknown>);
  const { auth, body } = request.method === 'POST' ? await readPost(request, hooks, maxBodyBytes) : { auth: undefined as TAuth, body: undefined };
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: request.method ?? 'GET', headers: headerMap(request), search: url.search, body },
    context: () => hooks.context(request, auth),
  });
  await writeResult(response, result);
}
