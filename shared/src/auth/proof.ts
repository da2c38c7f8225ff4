import { createHash, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { callerFromClaims, claimsOf, type Caller } from './caller';

/**
 * Proof that a subgraph request comes from the gateway (or, for the registry's linkage
 * endpoint, from a partner): a short-lived JWT naming the target service, the caller's role and
 * scope, the request id and a hash of the exact body, used once. Subgraphs answer 401 to a
 * request without one, or with one that is expired, replayed, for another service, or for
 * another body.
 */
export const PROOF_HEADER = 'x-coalition-proof';
export const GATEWAY_ISSUER = 'coalition-gateway';
export const partnerIssuer = (partnerId: string) => `partner:${partnerId}`;
/** Seconds a proof stays valid: long enough for a slow network, short enough to bound replays. */
export const PROOF_LIFETIME_S = 30;

export const bodyHash = (body: string) => createHash('sha256').update(body, 'utf8').digest('base64url');

export type ProofKey = { algorithm: 'ES256'; key: KeyObject | string } | { algorithm: 'HS256'; key: string };

export class ProofSigner {
  constructor(
    private readonly signingKey: ProofKey,
    private readonly issuer: string = GATEWAY_ISSUER,
  ) {}

  /** A proof for one request to `audience` (a partner id, or "registry"). */
  sign(audience: string, body: string, caller: Caller | null, requestId: string): string {
    const payload = { ...(caller ? { caller: claimsOf(caller) } : {}), rid: requestId, bh: bodyHash(body) };
    return jwt.sign(payload, this.signingKey.key, {
      algorithm: this.signingKey.algorithm,
      issuer: this.issuer,
      audience,
      expiresIn: PROOF_LIFETIME_S,
      jwtid: randomUUID(),
    });
  }
}

export class ProofError extends Error {
  constructor(reason: string) {
    super(`Request refused: ${reason}`);
    this.name = 'ProofError';
  }
}

export interface VerifiedProof {
  issuer: string;
  /** the user the gateway is asking for; null for a service's own request (a partner's linkage call) */
  caller: Caller | null;
  requestId: string;
}

export interface ProofVerifierOptions {
  /** this service's name in proofs: its partner id, or "registry" */
  audience: string;
  /** who may sign requests to this service, and with which key */
  issuers: Record<string, ProofKey>;
  clockToleranceS?: number;
}

/** Checks proofs; remembers the ids it has seen until they expire, so none is accepted twice. */
export class ProofVerifier {
  private readonly seen = new Map<string, number>();
  private lastSweep = 0;

  constructor(private readonly options: ProofVerifierOptions) {}

  verify(token: string | undefined, body: string): VerifiedProof {
    if (!token) throw new ProofError('no gateway proof: this service answers only the coalition gateway');
    const decoded = jwt.decode(token, { complete: true });
    const issuer = decoded && typeof decoded.payload === 'object' ? decoded.payload.iss : undefined;
    const key = typeof issuer === 'string' ? this.options.issuers[issuer] : undefined;
    if (!key) throw new ProofError('proof from an unknown issuer');
    let payload: jwt.JwtPayload;
    try {
      payload = jwt.verify(token, key.key, {
        algorithms: [key.algorithm],
        issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceS ?? 5,
        maxAge: PROOF_LIFETIME_S + 1,
      }) as jwt.JwtPayload;
    } catch (error) {
      const name = (error as Error).name;
      throw new ProofError(name === 'TokenExpiredError' ? 'proof expired' : `proof not valid (${(error as Error).message})`);
    }
    if (payload.bh !== bodyHash(body)) throw new ProofError('proof is for another request body');
    const now = Date.now();
    this.sweep(now);
    if (typeof payload.jti !== 'string' || this.seen.has(payload.jti)) throw new ProofError('proof already used (replayed)');
    this.seen.set(payload.jti, ((payload.exp ?? 0) + (this.options.clockToleranceS ?? 5)) * 1000);
    let caller: Caller | null = null;
    if (payload.caller !== undefined) {
      try {
        caller = callerFromClaims(payload.caller as Record<string, unknown>);
      } catch {
        throw new ProofError('proof carries an invalid caller');
      }
    }
    return { issuer: issuer as string, caller, requestId: typeof payload.rid === 'string' ? payload.rid : '' };
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    for (const [id, expires] of this.seen) if (expires < now) this.seen.delete(id);
  }
}
