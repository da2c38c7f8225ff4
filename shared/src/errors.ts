import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The error codes a client can see in extensions.code. */
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
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

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
  if (original === undefined || original === null || original instanceof GraphQLError || !(original instanceof Error)) {
    const { stacktrace: _dropped, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  onUnexpected(original);
  if (options.databaseDown && isDatabaseUnreachable(original)) return fromDomainError(formatted, options.databaseDown);
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
