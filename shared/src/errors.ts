import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * Every code a client can see in extensions.code: ours, and those Apollo Server sends itself,
 * named here so that no module spells one as a string. Adding a code means choosing its HTTP
 * status in HTTP_STATUS below.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  PARTNER_UNAVAILABLE: 'PARTNER_UNAVAILABLE',
  REGISTRY_UNAVAILABLE: 'REGISTRY_UNAVAILABLE',
  /** A service could not store a change it had checked and accepted; the message says what was kept (nothing, normally). */
  WRITE_FAILED: 'WRITE_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** The HTTP request itself is refused: not JSON, a method not served, a body over the limit. */
  BAD_REQUEST: 'BAD_REQUEST',
  /** What checks a request could not run (a subgraph's replay store is unreachable): try again. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** The document is not GraphQL (Apollo Server's code). */
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  /** The document does not fit the schema, or exceeds an operation limit (Apollo Server's code). */
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  /** No operation of the document can be chosen: several and no operationName, or a name it does not hold. */
  OPERATION_RESOLUTION_FAILURE: 'OPERATION_RESOLUTION_FAILURE',
  /** A persisted operation's hash that is not on the gateway's list. */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** Persisted-only mode: an operation sent as text. */
  PERSISTED_QUERY_REQUIRED: 'PERSISTED_QUERY_REQUIRED',
  /** extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it. */
  PERSISTED_QUERY_HASH_MISMATCH: 'PERSISTED_QUERY_HASH_MISMATCH',
  /** extensions.persistedQuery.version other than 1. */
  PERSISTED_QUERY_VERSION_UNSUPPORTED: 'PERSISTED_QUERY_VERSION_UNSUPPORTED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The HTTP status of a request refused with the code before anything ran. An error met while
 * executing (a field, one partner) answers 200 with the error in the body instead.
 */
const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  OPERATION_RESOLUTION_FAILURE: 400,
  PERSISTED_QUERY_NOT_FOUND: 400,
  PERSISTED_QUERY_REQUIRED: 400,
  PERSISTED_QUERY_HASH_MISMATCH: 400,
  PERSISTED_QUERY_VERSION_UNSUPPORTED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
  WRITE_FAILED: 500,
  PARTNER_UNAVAILABLE: 503,
  REGISTRY_UNAVAILABLE: 503,
  SERVICE_UNAVAILABLE: 503,
};

export const httpStatusOf = (code: ErrorCode): number => HTTP_STATUS[code];

/**
 * What services throw. `details` goes to extensions as is, so it must never hold personal
 * data: ids, field names and reasons only.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (field: string, reason: string, details: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.BAD_USER_INPUT, `Invalid ${field}: ${reason}`, { field, ...details });

export const notFound = (what: string, id: string, details: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.NOT_FOUND, `Unknown ${what} '${id}'`, details);

export const DATABASE_UNREACHABLE = 'its database is not reachable';

/**
 * What a service that cannot reach its own database answers: it is unavailable, like a service
 * that is down, with a reason and never the host, port, database name or SQL.
 */
export const databaseUnreachable = (code: ErrorCode, service: string, details: Record<string, unknown> = {}) =>
  new DomainError(code, `${service} is unavailable: ${DATABASE_UNREACHABLE}`, { ...details, reason: DATABASE_UNREACHABLE });

/** Socket failures on the way to the database server. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
/** SQLSTATE: 08xxx connection exceptions, 57P01-57P03 shutdown or not accepting connections yet, 53300 too many connections. */
const SQLSTATE = /^(08...|57P0[123]|53300)$/;
/** pg and pg-pool say these without a code: a pooled session cut off, or no session within the pool's timeout. */
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable/i;

/**
 * Whether an error says the database could not be reached at all (as opposed to a statement
 * failing): a socket error, a connection SQLSTATE, or any FATAL error, which PostgreSQL only
 * raises when it ends or refuses the session. TypeORM keeps the pg error as `driverError`.
 */
export function isDatabaseUnreachable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  const { code, severity, driverError, cause } = error as Error & { code?: unknown; severity?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATE.test(code))) return true;
  if (severity === 'FATAL' || severity === 'PANIC' || MESSAGES.test(error.message)) return true;
  return isDatabaseUnreachable(driverError, depth + 1) || isDatabaseUnreachable(cause, depth + 1);
}

/**
 * A request refused before anything ran (not signed in, rate-limited, forbidden, bad input): the
 * domain error as the GraphQLError Apollo Server answers with, carrying its code's HTTP status
 * and any response headers (Retry-After).
 */
export function requestRefusal(error: DomainError, headers: Record<string, string> = {}): GraphQLError {
  const http = { status: httpStatusOf(error.code), ...(Object.keys(headers).length ? { headers: new Map(Object.entries(headers)) } : {}) };
  return new GraphQLError(error.message, { extensions: { code: error.code, ...error.details, http } });
}

/**
 * What the server did not mean to throw (a driver error, a bug) behind `error`, as opposed to a
 * domain error or a GraphQL error (validation, or a subgraph's answer relayed by the gateway);
 * undefined for those.
 */
export function unexpectedCause(error: unknown): Error | undefined {
  const original = error instanceof GraphQLError ? error.originalError : error;
  return original instanceof Error && !(original instanceof DomainError) && !(original instanceof GraphQLError) ? original : undefined;
}

export interface FormatErrorOptions {
  /** What a client is told when the service cannot reach its database (default: INTERNAL_SERVER_ERROR). */
  databaseDown?: DomainError;
}

/**
 * The one place errors become what a client sees. Domain errors keep their code and message.
 * Errors that are already GraphQL errors (validation, or a subgraph's answer relayed by the
 * gateway, which the subgraph has already formatted) pass through without stack traces.
 * A database the service cannot reach becomes `options.databaseDown`, so the gateway counts the
 * service as missing instead of relaying a bug. Anything else (a driver error, a bug) becomes a
 * generic INTERNAL_SERVER_ERROR, so no SQL, stack trace or personal value reaches a client;
 * `onUnexpected` lets the server log both.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onUnexpected: (error: unknown) => void = () => undefined,
  options: FormatErrorOptions = {},
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof DomainError) return fromDomainError(formatted, original);
  const unexpected = unexpectedCause(error);
  if (!unexpected) {
    const { stacktrace: _dropped, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  onUnexpected(unexpected);
  if (options.databaseDown && isDatabaseUnreachable(unexpected)) return fromDomainError(formatted, options.databaseDown);
  return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

function fromDomainError(formatted: GraphQLFormattedError, error: DomainError): GraphQLFormattedError {
  return { message: error.message, path: formatted.path, locations: formatted.locations, extensions: { code: error.code, ...error.details } };
}

/**
 * What may be logged of an unexpected error: its class and driver code, never its message,
 * which for a database error can quote the values of a row (personal data).
 */
export function describeForLog(error: unknown): string {
  if (!(error instanceof Error)) return 'non-error value thrown';
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === 'string' ? ` (code ${code})` : ''}`;
}
