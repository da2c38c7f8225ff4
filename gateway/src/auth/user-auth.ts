import { createPublicKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DomainError, ErrorCode } from '@coalition/shared';
import { callerFromClaims, type Caller } from '@coalition/shared/auth';

export interface UserAuthConfig {
  issuer: string;
  audience: string;
  /** RS256/ES256 public keys (PEM), tried in turn when a token names no key id */
  publicKeys: KeyObject[];
  /** a JWKS URL; keys are fetched by `kid` and cached */
  jwksUrl?: string;
  /** HS256 shared secret: the local demo only, refused in production mode */
  hs256Secret?: string;
  /** seconds of clock difference tolerated on exp/nbf/iat */
  clockToleranceS: number;
  /** longest lifetime (exp - iat) a token may have; default DEFAULT_MAX_TOKEN_LIFETIME_S */
  maxTokenLifetimeS?: number;
  /** ANONYMOUS_ACCESS=reference: requests without a token may read reference data (code lists, the catalogue); default none */
  anonymousReference: boolean;
}

const unauthenticated = (reason: string) => new DomainError(ErrorCode.UNAUTHENTICATED, `Not signed in: ${reason}`);
const JWKS_TTL_MS = 10 * 60_000;
/** A working day (the demo's tokens live exactly this long): a leaked token is useless by the next morning. */
export const DEFAULT_MAX_TOKEN_LIFETIME_S = 8 * 3600;

/**
 * Verifies users' bearer tokens (jsonwebtoken): signature with a configured key or a JWKS key,
 * algorithm from an allow-list (RS256, ES256; HS256 only where a demo secret is configured; never
 * "none"), issuer, audience, expiry with a small clock skew. A token must expire (exp), must not
 * be issued in the future (iat), and may live at most maxTokenLifetimeS: a stolen token that never
 * expires would be a key for ever. Never logs or echoes a token.
 */
export class UserAuthenticator {
  private jwks = new Map<string, KeyObject>();
  private jwksFetchedAt = 0;

  constructor(private readonly config: UserAuthConfig) {}

  async authenticate(authorization: string | undefined): Promise<Caller | null> {
    if (!authorization) {
      if (this.config.anonymousReference) return null;
      throw unauthenticated('send "Authorization: Bearer <token>"');
    }
    const match = /^Bearer ([A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]*\.[A-Za-z0-9_=+/-]*)$/.exec(authorization.trim());
    if (!match) throw unauthenticated('the Authorization header must be "Bearer <JWT>"');
    const token = match[1];
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload !== 'object') throw unauthenticated('the token is not a JWT');
    const alg = decoded.header.alg;
    const keys = await this.keysFor(alg, decoded.header.kid);
    if (!keys.length) throw unauthenticated(`tokens signed with ${String(alg).slice(0, 10)} are not accepted`);
    let lastError: Error | undefined;
    for (const key of keys) {
      try {
        const payload = jwt.verify(token, key as jwt.Secret, {
          algorithms: [alg as jwt.Algorithm],
          issuer: this.config.issuer,
          audience: this.config.audience,
          clockTolerance: this.config.clockToleranceS,
        }) as jwt.JwtPayload;
        this.checkLifetime(payload);
        return callerFromClaims(payload);
      } catch (error) {
        if (error instanceof DomainError) throw error;
        lastError = error as Error;
      }
    }
    throw unauthenticated(describe(lastError));
  }

  /** After the signature: jsonwebtoken checks exp only when present and never checks iat. */
  private checkLifetime(payload: jwt.JwtPayload): void {
    const now = Math.floor(Date.now() / 1000);
    if (payload.exp === undefined) throw unauthenticated('the token has no expiry (exp)');
    const iat: unknown = payload.iat;
    if (iat !== undefined && typeof iat !== 'number') throw unauthenticated('the token\'s issue time (iat) is not a number');
    if (iat !== undefined && iat > now + this.config.clockToleranceS) throw unauthenticated('the token was issued in the future (iat)');
    const maxLifetime = this.config.maxTokenLifetimeS ?? DEFAULT_MAX_TOKEN_LIFETIME_S;
    // Without iat, what is left of the lifetime is all we can measure.
    if (payload.exp - (iat ?? now) > maxLifetime) throw unauthenticated(`the token lives longer than ${maxLifetime} s (exp - iat); ask the identity provider for shorter-lived tokens`);
  }

  private async keysFor(alg: unknown, kid: unknown): Promise<Array<KeyObject | string>> {
    if (alg === 'HS256') return this.config.hs256Secret ? [this.config.hs256Secret] : [];
    if (alg !== 'RS256' && alg !== 'ES256') return [];
    const wanted = alg === 'RS256' ? 'rsa' : 'ec';
    const fromJwks = this.config.jwksUrl && typeof kid === 'string' ? await this.jwksKey(kid) : undefined;
    const candidates = fromJwks ? [fromJwks] : this.config.publicKeys;
    return candidates.filter((key) => key.asymmetricKeyType === wanted);
  }

  private async jwksKey(kid: string): Promise<KeyObject | undefined> {
    if (!this.jwks.has(kid) && Date.now() - this.jwksFetchedAt > 30_000) await this.loadJwks();
    else if (Date.now() - this.jwksFetchedAt > JWKS_TTL_MS) await this.loadJwks();
    return this.jwks.get(kid);
  }

  private async loadJwks(): Promise<void> {
    this.jwksFetchedAt = Date.now();
    try {
      const response = await fetch(this.config.jwksUrl!, { signal: AbortSignal.timeout(5_000) });
      if (!response.ok) return;
      const body = (await response.json()) as { keys?: Array<Record<string, unknown>> };
      const keys = new Map<string, KeyObject>();
      for (const jwk of body.keys ?? []) {
        if (typeof jwk.kid !== 'string' || (jwk.use !== undefined && jwk.use !== 'sig')) continue;
        try {
          keys.set(jwk.kid, createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' }));
        } catch {
          // A key we cannot read is skipped; tokens naming it are refused.
        }
      }
      this.jwks = keys;
    } catch {
      // Unreachable JWKS: keep the keys we had; tokens naming unknown keys are refused.
    }
  }
}

function describe(error: Error | undefined): string {
  if (!error) return 'the token could not be verified';
  if (error.name === 'TokenExpiredError') return 'the token has expired';
  if (error.name === 'NotBeforeError') return 'the token is not valid yet';
  const message = error.message;
  if (message.startsWith('jwt issuer invalid')) return 'the token is from another issuer';
  if (message.startsWith('jwt audience invalid')) return 'the token is for another audience';
  if (message === 'invalid signature') return 'the token signature is not valid';
  return 'the token could not be verified';
}
