import type { ServerResponse } from 'node:http';
import { ErrorCode, httpStatusOf } from '../errors';

/**
 * Thrown by a hook to refuse a request before GraphQL sees it, with a message for the client.
 * The status is the code's (shared/src/errors.ts) unless the refusal needs its own (405, 413).
 */
export class HttpError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    status?: number,
  ) {
    super(message);
    this.status = status ?? httpStatusOf(code);
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/**
 * Answers a refused request in GraphQL's error shape. Anything but an HttpError is a failure of
 * the server: 500 without its message, which `onUnexpected` may log. A failure after the answer
 * has begun can only end it.
 */
export function sendError(response: ServerResponse, error: unknown, onUnexpected: (error: unknown) => void): void {
  if (!(error instanceof HttpError)) onUnexpected(error);
  if (response.headersSent) {
    response.end();
    return;
  }
  const refusal = error instanceof HttpError ? error : new HttpError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
  sendJson(response, refusal.status, { errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
}
