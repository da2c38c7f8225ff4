import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DomainError, ErrorCode } from '@coalition/shared';
import { readAuthConfig } from '../config';
import { UserAuthenticator, type UserAuthConfig } from './user-auth';

const SECRET = 'unit-test-hs256-secret-of-at-least-32-chars';
const ISSUER = 'https://idp.test';
const AUDIENCE = 'coalition-graph';
const SKEW_S = 30;
const config: UserAuthConfig = {
  issuer: ISSUER, audience: AUDIENCE, publicKeys: [], hs256Secret: SECRET, clockToleranceS: SKEW_S, anonymousReference: false, maxTokenLifetimeS: 8 * 3600,
};
const now = () => Math.floor(Date.now() / 1000);
const claims = { sub: 'unit-user', role: 'backbone_analyst' };

/** Signs with the registered claims given as is (jsonwebtoken adds only iat, unless told otherwise). */
const sign = (payload: Record<string, unknown>, options: jwt.SignOptions = {}) =>
  jwt.sign({ ...claims, iss: ISSUER, aud: AUDIENCE, ...payload }, SECRET, { algorithm: 'HS256', ...options });

/** Signs by hand: jsonwebtoken refuses to sign the malformed claims an attacker's tool would. */
function signRaw(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ ...claims, iss: ISSUER, aud: AUDIENCE, ...payload })}`;
  return `${unsigned}.${createHmac('sha256', SECRET).update(unsigned).digest('base64url')}`;
}

async function refusal(token: string, authenticator = new UserAuthenticator(config)): Promise<DomainError> {
  const error = await authenticator.authenticate(`Bearer ${token}`).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(ErrorCode.UNAUTHENTICATED);
  return error as DomainError;
}

describe('user tokens: expiry, issue time and lifetime', () => {
  it('accepts a normal token (issued now, 8 hours, like the demo tokens)', async () => {
    const token = sign({}, { expiresIn: 8 * 3600 });
    await expect(new UserAuthenticator(config).authenticate(`Bearer ${token}`)).resolves.toEqual({ subject: 'unit-user', role: 'backbone_analyst' });
  });

  it('refuses a token without exp: it would never expire', async () => {
    expect((await refusal(sign({}))).message).toContain('token has no expiry (exp)');
    expect((await refusal(sign({}, { noTimestamp: true }))).message).toContain('token has no expiry (exp)');
  });

  it('refuses a token issued in the future beyond the clock skew, and accepts one within it', async () => {
    const ahead = sign({ iat: now() + SKEW_S + 120, exp: now() + 3600 });
    expect((await refusal(ahead)).message).toMatch(/issued in the future \(iat\)/);
    const slightlyAhead = sign({ iat: now() + 5, exp: now() + 3600 });
    await expect(new UserAuthenticator(config).authenticate(`Bearer ${slightlyAhead}`)).resolves.toMatchObject({ subject: 'unit-user' });
  });

  it('refuses a token whose iat is not a number', async () => {
    expect((await refusal(signRaw({ iat: 'yesterday', exp: now() + 3600 }))).message).toContain('issue time (iat) is not a number');
  });

  it('refuses a token that lives longer than the configured maximum (exp - iat, or exp - now without iat)', async () => {
    expect((await refusal(sign({}, { expiresIn: 8 * 3600 + 1 }))).message).toContain('lives longer than 28800 s');
    expect((await refusal(sign({}, { expiresIn: 365 * 86_400 }))).message).toContain('lives longer than 28800 s');
    // Issued long ago and still valid: its lifetime (exp - iat) gives it away.
    expect((await refusal(sign({ iat: now() - 9 * 3600, exp: now() + 60 }))).message).toContain('lives longer than 28800 s');
    expect((await refusal(sign({ exp: now() + 9 * 3600 }, { noTimestamp: true }))).message).toContain('lives longer than 28800 s');
    const short = new UserAuthenticator({ ...config, maxTokenLifetimeS: 600 });
    expect((await refusal(sign({}, { expiresIn: 3600 }), short)).message).toContain('lives longer than 600 s');
    await expect(short.authenticate(`Bearer ${sign({}, { expiresIn: 600 })}`)).resolves.toMatchObject({ subject: 'unit-user' });
  });

  it('without maxTokenLifetimeS in the options, caps lifetime at 8 hours', async () => {
    const { maxTokenLifetimeS: _unset, ...withoutCap } = config;
    expect((await refusal(sign({}, { expiresIn: 86_400 }), new UserAuthenticator(withoutCap))).message).toContain('lives longer than 28800 s');
  });
});

describe('AUTH_MAX_TOKEN_LIFETIME_S', () => {
  const env = { AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_HS256_SECRET: SECRET };

  it('defaults to 8 hours and reads a whole number of seconds', () => {
    expect(readAuthConfig(env, false).maxTokenLifetimeS).toBe(28_800);
    expect(readAuthConfig({ ...env, AUTH_MAX_TOKEN_LIFETIME_S: '900' }, false).maxTokenLifetimeS).toBe(900);
  });

  it('names the variable and the reason for a bad value', () => {
    for (const bad of ['0', '-5', '1.5', '8h', '99999999']) {
      expect(() => readAuthConfig({ ...env, AUTH_MAX_TOKEN_LIFETIME_S: bad }, false)).toThrow(/AUTH_MAX_TOKEN_LIFETIME_S must be/);
    }
  });
});
