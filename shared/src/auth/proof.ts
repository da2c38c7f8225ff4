import { createHash, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { callerFromClaims, claimsOf, type Caller } from './caller';
import { MemoryReplayStore, type ReplayStore } from './replay-store';

/**
 * Proof that a subgraph request comes from the gateway (or, for the registry's linkage
 * endpoint, from a partner): a short-lived JWT naming the target service, the caller's role and
 * scope, the request id and a hash of the exact body, used once. Subgraphs answer 401 to a
 * request without one, or with one that is expired, replayed, for another service, or for
 * another body; 503 when they cannot tell whether it was replayed (see replay-store.ts).
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

  /**
   * A proof for one request to `audience` (a partner id, or "registry"). `service` names the
   * gateway's own component making an internal-protocol request (cells, shared people, the
   * partner directory); a user's request never carries one, whatever its token says.
   */
  sign(audience: string, body: string, caller: Caller | null, requestId: string, service?: string): string {
    const payload = { ...(caller ? { caller: claimsOf(caller) } : {}), ...(service ? { svc: service } : {}), rid: requestId, bh: bodyHash(body) };
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
  /** 401: the proof is refused; 503: it could not be checked (the replay store is down), so nothing ran */
  constructor(
    reason: string,
    readonly status: 401 | 503 = 401,
  ) {
    super(`Request refused: ${reason}`);
    this.name = 'ProofError';
  }
}

export interface VerifiedProof {
  issuer: string;
  /** the user the gateway is asking for; null for a service's own request (a partner's linkage call) */
  caller: Caller | null;
  requestId: string;
  /** the gateway component asking on its own behalf (internal protocol), or null for a user's request */
  service: string | null;
}

export interface ProofVerifierOptions {
  /** this service's name in proofs: its partner id, or "registry" */
  audience: string;
  /** who may sign requests to this service, and with which key */
  issuers: Record<string, ProofKey>;
  /**
   * Keys of issuers not in `issuers`, looked up per request (the registry's partners, whose keys
   * are issued, rotated and revoked while it runs): every key currently accepted (two during a
   * rotation's overlap), none for an unknown, suspended or retired issuer.
   */
  keysFor?: (issuer: string) => Promise<readonly ProofKey[]>;
  clockToleranceS?: number;
  /** where accepted proof ids are remembered: Redis when replicas share a URL; default this process's memory */
  replayStore?: ReplayStore;
}

/** Checks proofs; remembers the ids it has seen until they expire, so none is accepted twice. */
export class ProofVerifier {
  private readonly replayStore: ReplayStore;

  constructor(private readonly options: ProofVerifierOptions) {
    this.replayStore = options.replayStore ?? new MemoryReplayStore();
  }

  async verify(token: string | undefined, body: string): Promise<VerifiedProof> {
    if (!token) throw new ProofError('no gateway proof: this service answers only the coalition gateway');
    const decoded = jwt.decode(token, { complete: true });
    const issuer = decoded && typeof decoded.payload === 'object' ? decoded.payload.iss : undefined;
    if (typeof issuer !== 'string') throw new ProofError('proof from an unknown issuer');
    const fixed = Object.hasOwn(this.options.issuers, issuer) ? this.options.issuers[issuer] : undefined;
    const keys = fixed ? [fixed] : ((await this.options.keysFor?.(issuer)) ?? []);
    if (!keys.length) throw new ProofError('proof from an unknown issuer');
    let payload: jwt.JwtPayload | undefined;
    let failure: Error | undefined;
    // During a key rotation two keys are accepted: the first that verifies the signature wins.
    for (const key of keys) {
      try {
        payload = jwt.verify(token, key.key, {
          algorithms: [key.algorithm],
          issuer,
          audience: this.options.audience,
          clockTolerance: this.options.clockToleranceS ?? 5,
          maxAge: PROOF_LIFETIME_S + 1,
        }) as jwt.JwtPayload;
        break;
      } catch (error) {
        failure = error as Error;
        if (failure.name !== 'JsonWebTokenError' || failure.message !== 'invalid signature') break;
      }
    }
    if (!payload) {
      const error = failure!;
      throw new ProofError(error.name === 'TokenExpiredError' ? 'proof expired' : `proof not valid (${error.message})`);
    }
    if (payload.bh !== bodyHash(body)) throw new ProofError('proof is for another request body');
    if (typeof payload.jti !== 'string' || !payload.jti || payload.jti.length > 128) throw new ProofError('proof carries no usable id (jti)');
    let caller: Caller | null = null;
    // Only the gateway speaks for users: a proof signed with a partner's registry key that names
    // a caller is a forgery of the gateway's role, and is refused rather than read.
    if ((payload.caller !== undefined || payload.svc !== undefined) && issuer !== GATEWAY_ISSUER) throw new ProofError('only the gateway may name a caller');
    if (payload.caller !== undefined) {
      try {
        caller = callerFromClaims(payload.caller as Record<string, unknown>);
      } catch {
        throw new ProofError('proof carries an invalid caller');
      }
    }
    const service = typeof payload.svc === 'string' ? payload.svc : null;
    // Claimed last, once everything else holds, so a refused proof never takes a place in the store.
    await this.claim(issuer as string, payload.jti, ((payload.exp ?? 0) + (this.options.clockToleranceS ?? 5)) * 1000);
    return { issuer: issuer as string, caller, requestId: typeof payload.rid === 'string' ? payload.rid : '', service };
  }

  private async claim(issuer: string, jti: string, expiresAtMs: number): Promise<void> {
    let fresh: boolean;
    try {
      // Scoped by issuer: signers choose their ids, and one must not be able to use up another's.
      fresh = await this.replayStore.claim(`${issuer}:${jti}`, expiresAtMs);
    } catch {
      // Fail closed: without the check a captured proof could be replayed, so the request is not served.
      throw new ProofError('the replay check is unavailable (its store did not answer); nothing was done, try again shortly', 503);
    }
    if (!fresh) throw new ProofError('proof already used (replayed)');
  }
}
