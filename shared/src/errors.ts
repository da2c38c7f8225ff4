import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The error codes a client can see in extensions.code. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  PARTNER_UNAVAILABLE: 'PARTNER_UNAVAILABLE',
  REGISTRY_UNAVAILABLE: 'REGISTRY_UNAVAILABLE',
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

/**
 * The one place errors become what a client sees. Domain errors keep their code and message.
 * Errors that are already GraphQL errors (validation, or a subgraph's answer relayed by the
 * gateway, which the subgraph has already formatted) pass through without stack traces.
 * Anything else (a driver error, a bug) becomes a generic INTERNAL_SERVER_ERROR, so no SQL,
 * stack trace or personal value reaches a client; `onUnexpected` lets the server log it.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onUnexpected: (error: unknown) => void = () => undefined,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof DomainError) {
    return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { code: original.code, ...original.details } };
  }
  if (original === undefined || original === null || original instanceof GraphQLError || !(original instanceof Error)) {
    const { stacktrace: _dropped, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  onUnexpected(original);
  return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
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
