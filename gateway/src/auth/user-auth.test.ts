import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { DomainError, ErrorCode } from '@coalition/shared';
import { readAuthConfig } from '../config';
import { UserAuthenticator, type UserAuthConfig } from './user-auth';

const SECRET = 'unit-test-hs256-secret-of-at-least-32-chars';
const ISSUER = 'https://idp.test';
const AUDIENCE = 'coalition-graph';
const SKEW_S = 30;
const config: UserAuthConfig = {
  issuer: ISSUER,
  audience: AUDIENCE,
  publicKeys: [],
  hs256Secret: SECRET,
  clockToleranceS: SKEW_S,
  anonymousReference: false,
  maxTokenLifetimeS: 8 * 3600,
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
  const error = await authenticator.authenticate(`Bearer ${token}`).then(
    () => undefined,
    (e: unknown) => e,
  );
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

describe('user tokens: the reasons a refusal gives', () => {
  it('names what is wrong, never the token', async () => {
    const forged = jwt.sign({ ...claims, iss: ISSUER, aud: AUDIENCE }, 'another-secret-of-at-least-32-characters', { algorithm: 'HS256', expiresIn: 600 });
    expect((await refusal(forged)).message).toBe('Not signed in: the token signature is not valid');
    expect((await refusal(sign({ exp: now() - 120 }))).message).toBe('Not signed in: the token has expired');
    expect((await refusal(sign({ iss: 'https://elsewhere.test' }, { expiresIn: 600 }))).message).toBe('Not signed in: the token is from another issuer');
    expect((await refusal(sign({ aud: 'another-app' }, { expiresIn: 600 }))).message).toBe('Not signed in: the token is for another audience');
    expect((await refusal(sign({ nbf: now() + 600 }, { expiresIn: 1200 }))).message).toBe('Not signed in: the token is not valid yet');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, exp: now() + 60 })).toString('base64url')}.`;
    expect((await refusal(none)).message).toBe('Not signed in: tokens signed with none are not accepted');
    expect((await refusal(`${Buffer.from('{"alg":"HS256"}').toString('base64url')}.bm90IGpzb24.c2ln`)).message).toBe('Not signed in: the token is not a JWT');
  });
});

describe('user tokens from a JWKS', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const idp = { ...config, hs256Secret: undefined, publicKeys: [ec.publicKey] };
  const signWith = (key: KeyObject, algorithm: jwt.Algorithm, keyid: string) =>
    jwt.sign({ ...claims, iss: ISSUER, aud: AUDIENCE }, key, { algorithm, keyid, expiresIn: 600 });
  let hits = 0;
  let failing = false;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      hits++;
      if (failing) return void response.writeHead(500).end();
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [{ ...rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa-1', use: 'sig', alg: 'RS256' }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('verifies by the key the token names, and tries the configured keys for a key id the JWKS does not hold', async () => {
    const authenticator = new UserAuthenticator({ ...idp, jwksUrl: url });
    await expect(authenticator.authenticate(`Bearer ${signWith(rsa.privateKey, 'RS256', 'rsa-1')}`)).resolves.toMatchObject({ subject: 'unit-user' });
    await expect(authenticator.authenticate(`Bearer ${signWith(ec.privateKey, 'ES256', 'not-in-the-jwks')}`)).resolves.toMatchObject({ subject: 'unit-user' });
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect((await refusal(signWith(stranger, 'RS256', 'rsa-2'), authenticator)).message).toContain('not accepted');
  });

  it('after a JWKS that cannot be read, asks it again only 30 s later, trying the configured keys meanwhile', async () => {
    failing = true;
    hits = 0;
    const authenticator = new UserAuthenticator({ ...idp, jwksUrl: url });
    await refusal(signWith(rsa.privateKey, 'RS256', 'rsa-1'), authenticator);
    await expect(authenticator.authenticate(`Bearer ${signWith(ec.privateKey, 'ES256', 'ec-1')}`)).resolves.toMatchObject({ subject: 'unit-user' });
    await refusal(signWith(rsa.privateKey, 'RS256', 'rsa-1'), authenticator);
    expect(hits).toBe(1);
    failing = false;
  });
});
