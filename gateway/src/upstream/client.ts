import { randomUUID } from 'node:crypto';
import { PROOF_HEADER, type ProofSigner } from '@coalition/shared/auth';
import type { Coverage } from '../coverage';
import type { Identity } from './identity';
import { failureReason, isClosedConnection, outcomeOf, unavailable, type Outcome } from './outcome';
import { audienceOf, type Target } from './target';

export interface UpstreamClientOptions {
  registryUrl: string;
  signer: ProofSigner;
  /** A partner that has not answered by then is missing from the answer. */
  partnerTimeoutMs: number;
  registryTimeoutMs: number;
}

/** A GraphQL request as it goes on the wire. */
export interface UpstreamRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string | null;
  extensions?: Record<string, unknown>;
}

export interface SendOptions {
  /** Who the request acts for; its proof says so. */
  as: Identity;
  /** Only a read is sent again after a closed connection: a write might have been applied. */
  read: boolean;
  /** The incoming request's coverage, where the outcome is counted. */
  coverage?: Coverage;
}

/**
 * The one way the gateway reaches a partner or the registry. Every request carries the gateway's
 * proof (bound to the exact body, the identity it acts for, used once), has a deadline, and ends
 * in one `Outcome` that is counted in the request's coverage here and nowhere else.
 */
export class UpstreamClient {
  constructor(private readonly options: UpstreamClientOptions) {}

  async send(target: Target, request: UpstreamRequest, { as, read, coverage }: SendOptions): Promise<Outcome> {
    const body = JSON.stringify(request);
    const timeoutMs = target.kind === 'partner' ? this.options.partnerTimeoutMs : this.options.registryTimeoutMs;
    let outcome: Outcome;
    try {
      outcome = await this.attempt(target, body, as, timeoutMs).catch((error: unknown) => {
        // A kept-alive connection the service had already closed: once more on a fresh one. A timeout is not retried.
        if (read && isClosedConnection(error)) return this.attempt(target, body, as, timeoutMs);
        throw error;
      });
    } catch (error) {
      outcome = unavailable(failureReason(error, timeoutMs));
    }
    coverage?.record(target.kind === 'partner' ? { partnerId: target.partner.id } : 'registry', outcome);
    return outcome;
  }

  /** One HTTP exchange; a new proof each time, since a service accepts a proof only once. */
  private async attempt(target: Target, body: string, as: Identity, timeoutMs: number): Promise<Outcome> {
    const proof = this.options.signer.sign(audienceOf(target), body, as.caller, as.requestId ?? randomUUID(), as.service);
    const response = await fetch(target.kind === 'partner' ? target.partner.endpoint : this.options.registryUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PROOF_HEADER]: proof },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status >= 500) {
      await response.body?.cancel();
      return outcomeOf(target.kind, response.status, undefined);
    }
    const text = await response.text();
    return outcomeOf(target.kind, response.status, parseJson(text));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
