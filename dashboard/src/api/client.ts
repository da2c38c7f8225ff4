import type { OperationName } from './operations';

declare const __OPERATION_HASHES__: Record<OperationName, string>;

/** A request the gateway refused or could not answer: its message and code, as the gateway gave them. */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'GatewayError';
  }

  /** The token is missing, expired or not accepted: the viewer must sign in again. */
  get signInAgain(): boolean {
    return this.code === 'UNAUTHENTICATED' || this.status === 401;
  }
}

type Listener = (error: GatewayError) => void;
const signInListeners = new Set<Listener>();

/** Called when any request finds the token no longer accepted. */
export function onSignInNeeded(listener: Listener): () => void {
  signInListeners.add(listener);
  return () => signInListeners.delete(listener);
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** The body of a failed HTTP answer as an error: the gateway sends JSON `{ errors }` or `{ error }`. */
async function httpError(response: Response): Promise<GatewayError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as GraphQLResponse<unknown> & { error?: string; code?: string };
    const first = body.errors?.[0];
    if (first) return new GatewayError(first.message, first.extensions?.code ?? 'HTTP_ERROR', response.status);
    if (body.error) return new GatewayError(body.error, body.code ?? 'HTTP_ERROR', response.status);
  } catch {
    // not JSON: fall through to the status line
  }
  return new GatewayError(`The gateway answered ${response.status} ${response.statusText}`.trim(), 'HTTP_ERROR', response.status);
}

/**
 * Sends a persisted operation by its hash (never its text) with the viewer's token, and gives its
 * data. A GraphQL error anywhere fails the whole request: every view asks for one figure at a
 * time, and a partial figure must never be shown as if complete.
 */
export async function request<T>(token: string, operation: OperationName, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
      body: JSON.stringify({
        operationName: operation,
        variables,
        extensions: { persistedQuery: { version: 1, sha256Hash: __OPERATION_HASHES__[operation] } },
      }),
    });
  } catch (error) {
    throw new GatewayError(`The gateway could not be reached: ${(error as Error).message}`, 'NETWORK_ERROR');
  }
  try {
    if (!response.ok && !response.headers.get('content-type')?.includes('json')) throw await httpError(response);
    const body = (await response.json()) as GraphQLResponse<T>;
    const first = body.errors?.[0];
    if (first) throw new GatewayError(first.message, first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', response.status);
    if (!response.ok || !body.data) throw new GatewayError(`The gateway answered ${response.status} without data`, 'HTTP_ERROR', response.status);
    return body.data;
  } catch (error) {
    const failure = error instanceof GatewayError ? error : new GatewayError(`Unreadable answer from the gateway: ${(error as Error).message}`, 'BAD_RESPONSE');
    if (failure.signInAgain) for (const listener of signInListeners) listener(failure);
    throw failure;
  }
}
