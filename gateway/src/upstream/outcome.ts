import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '@coalition/shared';
import type { Target } from './target';

type Json = Record<string, unknown>;

/**
 * What asking a partner or the registry came to: an answer (its data and its own errors, which
 * belong to the request: bad input, a refusal), or no usable answer and why. Only `unavailable`
 * makes a service missing from the coverage.
 */
export type Outcome = { kind: 'answered'; data: Json | null; errors: GraphQLFormattedError[] } | { kind: 'unavailable'; reason: string };

export const answered = (data: Json | null, errors: GraphQLFormattedError[] = []): Outcome => ({ kind: 'answered', data, errors });

export const unavailable = (reason: string): Outcome => ({ kind: 'unavailable', reason });

/**
 * The code with which a service says it cannot answer (its database is down). A partner relaying
 * the registry's outage (enrolment links people there) has answered: that error is the request's.
 */
const OWN_OUTAGE: Record<Target['kind'], string> = { partner: ErrorCode.PARTNER_UNAVAILABLE, registry: ErrorCode.REGISTRY_UNAVAILABLE };

interface GraphQLBody {
  data?: Json | null;
  errors?: GraphQLFormattedError[];
}

function isGraphQLBody(body: unknown): body is GraphQLBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { data, errors } = body as Record<string, unknown>;
  if (errors !== undefined && !Array.isArray(errors)) return false;
  return data !== undefined || errors !== undefined;
}

/**
 * Reads a service's HTTP answer. HTTP 5xx, a 2xx that is no GraphQL answer, and the service's
 * own outage error are unavailability; HTTP 4xx is a refusal of this request, an answer.
 */
export function outcomeOf(target: Target['kind'], status: number, body: unknown): Outcome {
  if (status >= 500) return unavailable(`HTTP ${status}`);
  if (!isGraphQLBody(body)) {
    if (status < 300) return unavailable(`no GraphQL answer (HTTP ${status})`);
    return answered(null, [{ message: `The request was refused (HTTP ${status})`, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }]);
  }
  const errors = body.errors ?? [];
  const down = errors.find((e) => e.extensions?.code === OWN_OUTAGE[target]);
  if (down) return unavailable(typeof down.extensions?.reason === 'string' ? down.extensions.reason : 'unavailable');
  const data = body.data ?? null;
  if (data === null && errors.length === 0) return unavailable('an answer without data or errors');
  return answered(data, errors);
}

/** Why a request got no answer at all, in words safe for a client: no URL, no body. */
export function failureReason(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; cause?: { code?: string } } | undefined;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return e?.cause?.code ? `unreachable (${e.cause.code})` : 'unreachable';
}

/**
 * A request sent on a kept-alive connection the service had already closed (its idle timeout ran
 * out while this process was busy) fails at once with one of these; the service never saw it.
 */
export function isClosedConnection(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } } | undefined)?.cause?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET';
}
