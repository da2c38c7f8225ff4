import type { KeyObject } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type KeyLike, type ProtectedHeaderParameters } from 'jose';
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
/** A working day (the demo's tokens live exactly this long): a leaked token is useless by the next morning. */
export const DEFAULT_MAX_TOKEN_LIFETIME_S = 8 * 3600;
/** A JWKS that could not be fetched is not asked again for this long: tokens naming a key id meanwhile go to the configured keys. */
const JWKS_RETRY_MS = 30_000;

type Key = KeyLike | Uint8Array;

/** The reason a refusal gives, by the claim jose found wrong ("claim" or "claim:reason"). */
const CLAIM_REASONS: Record<string, string> = {
  'exp:missing': 'the token has no expiry (exp)',
  'iat:invalid': "the token's issue time (iat) is not a number",
  nbf: 'the token is not valid yet',
  iss: 'the token is from another issuer',
  aud: 'the token is for another audience',
};

function reasonFor(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  const claim = error instanceof errors.JWTClaimValidationFailed ? (CLAIM_REASONS[`${error.claim}:${error.reason}`] ?? CLAIM_REASONS[error.claim]) : undefined;
  return claim ?? 'the token could not be verified';
}

/** The token's header; its payload must be a JSON object too. */
function headerOf(token: string): ProtectedHeaderParameters {
  try {
    decodeJwt(token);
    return decodeProtectedHeader(token);
  } catch {
    throw unauthenticated('the token is not a JWT');
  }
}

/**
 * Verifies users' bearer tokens (jose): signature with a configured key or a JWKS key,
 * algorithm from an allow-list (RS256, ES256; HS256 only where a demo secret is configured; never
 * "none"), issuer, audience, expiry with a small clock skew. A token must expire (exp), must not
 * be issued in the future (iat), and may live at most maxTokenLifetimeS: a stolen token that never
 * expires would be a key for ever. Never logs or echoes a token.
 */
export class UserAuthenticator {
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  private readonly secret: Uint8Array | undefined;
  private jwksFailedAt = -Infinity;

  constructor(private readonly config: UserAuthConfig) {
    // Keys cached 10 minutes, fetched again at most every 30 s for a key id not yet known, 5 s to answer.
    const jwksOptions = { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000, timeoutDuration: 5_000 };
    this.jwks = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl), jwksOptions) : undefined;
    this.secret = config.hs256Secret ? new TextEncoder().encode(config.hs256Secret) : undefined;
  }

  async authenticate(authorization: string | undefined): Promise<Caller | null> {
    if (!authorization) {
      if (this.config.anonymousReference) return null;
      throw unauthenticated('send "Authorization: Bearer <token>"');
    }
    const match = /^Bearer ([A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]*\.[A-Za-z0-9_=+/-]*)$/.exec(authorization.trim());
    if (!match) throw unauthenticated('the Authorization header must be "Bearer <JWT>"');
    const token = match[1];
    const header = headerOf(token);
    const keys = await this.keysFor(header);
    if (!keys.length) throw unauthenticated(`tokens signed with ${String(header.alg).slice(0, 10)} are not accepted`);
    const payload = await this.verify(token, header.alg!, keys);
    this.checkLifetime(payload);
    return callerFromClaims(payload);
  }

  /** The first key the signature verifies with decides: its claims are checked, and their fault is the reason. */
  private async verify(token: string, algorithm: string, keys: Key[]): Promise<JWTPayload> {
    let lastError: unknown;
    for (const key of keys) {
      try {
        const options = { algorithms: [algorithm], issuer: this.config.issuer, audience: this.config.audience, clockTolerance: this.config.clockToleranceS };
        return (await jwtVerify(token, key, { ...options, requiredClaims: ['exp'] })).payload;
      } catch (error) {
        lastError = error;
        if (!(error instanceof errors.JWSSignatureVerificationFailed)) break;
      }
    }
    throw unauthenticated(reasonFor(lastError));
  }

  /** After the signature: jose checks exp (required) and that iat is a number, not how far ahead iat is nor the lifetime. */
  private checkLifetime({ exp, iat }: JWTPayload): void {
    const now = Math.floor(Date.now() / 1000);
    if (iat !== undefined && iat > now + this.config.clockToleranceS) throw unauthenticated('the token was issued in the future (iat)');
    const maxLifetime = this.config.maxTokenLifetimeS ?? DEFAULT_MAX_TOKEN_LIFETIME_S;
    // Without iat, what is left of the lifetime is all we can measure.
    if (exp! - (iat ?? now) > maxLifetime) {
      throw unauthenticated(`the token lives longer than ${maxLifetime} s (exp - iat); ask the identity provider for shorter-lived tokens`);
    }
  }

  private async keysFor(header: ProtectedHeaderParameters): Promise<Key[]> {
    const { alg, kid } = header;
    if (alg === 'HS256') return this.secret ? [this.secret] : [];
    if (alg !== 'RS256' && alg !== 'ES256') return [];
    const fromJwks = typeof kid === 'string' ? await this.jwksKey(header) : undefined;
    const wanted = alg === 'RS256' ? 'rsa' : 'ec';
    return fromJwks ? [fromJwks] : this.config.publicKeys.filter((key) => key.asymmetricKeyType === wanted);
  }

  /** The JWKS key the token names, or undefined (the configured keys are tried) when the JWKS holds none or cannot be read. */
  private async jwksKey(header: ProtectedHeaderParameters): Promise<Key | undefined> {
    if (!this.jwks || Date.now() - this.jwksFailedAt < JWKS_RETRY_MS) return undefined;
    try {
      return await this.jwks(header);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys)) this.jwksFailedAt = Date.now();
      return undefined;
    }
  }
}
