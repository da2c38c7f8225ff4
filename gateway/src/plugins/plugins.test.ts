import http, { type IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import jwt from 'jsonwebtoken';
import { DomainError, ErrorCode } from '@coalition/shared';
import { generateProofKeys } from '@coalition/shared/auth';
import { Coverage } from '../coverage';
import { MemoryRateLimiter } from '../rate-limit';
import { createGateway } from '../server';
import { edgeHooks, lineLogger, useAuthentication, useLogging, usePersistedOperations, useRateLimit, type GatewayContext, type GatewayPlugin } from '.';

const SECRET = 'unit-test-hs256-secret-of-at-least-32-chars';
const AUTH = { issuer: 'https://idp.test', audience: 'coalition-graph', publicKeys: [], hs256Secret: SECRET, clockToleranceS: 30, anonymousReference: false };
const tokenFor = (sub: string) =>
  jwt.sign({ sub, role: 'backbone_analyst' }, SECRET, { algorithm: 'HS256', issuer: AUTH.issuer, audience: AUTH.audience, expiresIn: 600 });
const request = (authorization?: string) => ({ headers: authorization ? { authorization } : {} }) as IncomingMessage;
const newContext = (): GatewayContext => ({ caller: null, requestId: 'r1', coverage: new Coverage() });
const refusalOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as GraphQLError,
  );

describe('the plugins at the HTTP edge', () => {
  it('build the context in order: the rate limit counts the caller authentication found, and a refusal stops the rest', async () => {
    const limiter = new MemoryRateLimiter(1, 60_000);
    const hooks = edgeHooks([useAuthentication(AUTH), useRateLimit(limiter)], newContext);
    const context = await hooks.context!(request(`Bearer ${tokenFor('ana')}`), undefined);
    expect(context).toMatchObject({ caller: { subject: 'ana' }, requestId: 'r1' });
    const limited = await refusalOf(hooks.context!(request(`Bearer ${tokenFor('ana')}`), undefined));
    expect(limited?.extensions).toMatchObject({ code: ErrorCode.RATE_LIMITED, retryAfterSeconds: expect.any(Number), http: { status: 429 } });
    expect((limited!.extensions.http as { headers: Map<string, string> }).headers.get('retry-after')).toMatch(/^\d+$/);
    const anonymous = await refusalOf(hooks.context!(request(), undefined));
    expect(anonymous?.extensions).toMatchObject({ code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } });
    expect(limiter.size).toBe(1);
  });

  it('prepare a body through each plugin in turn, and take operations by GET only if every plugin allows it', () => {
    const tag = (name: string): GatewayPlugin => ({
      onRequestBody: (body) => ({ seen: [...((body as { seen?: string[] }).seen ?? []), name] }),
    });
    expect(edgeHooks([tag('a'), {}, tag('b')], newContext).prepareBody!({})).toEqual({ seen: ['a', 'b'] });
    expect(edgeHooks([tag('a')], newContext).getOperations).toBe(true);
    expect(edgeHooks([tag('a'), { getOperations: false }], newContext).getOperations).toBe(false);
  });

  it('usePersistedOperations without a list still refuses a persisted-query extension it cannot honour', () => {
    const plugin = usePersistedOperations(undefined);
    expect(plugin.getOperations).toBeUndefined();
    const versionTwo = { query: '{ a }', extensions: { persistedQuery: { version: 2 } } };
    expect(() => plugin.onRequestBody!(versionTwo)).toThrow(expect.objectContaining({ code: ErrorCode.PERSISTED_QUERY_VERSION_UNSUPPORTED, status: 400 }));
  });
});

describe('useLogging', () => {
  it('logs an unexpected error by class and code, never its message, and leaves domain and GraphQL errors alone', async () => {
    const lines: string[] = [];
    const plugin = useLogging(lineLogger((line) => lines.push(line)));
    const listener = await plugin.requestDidStart!({} as never);
    const driverError = Object.assign(new Error('duplicate key (email)=(ana@example.org)'), { code: '23505' });
    const errors = [
      new GraphQLError('wrapped', { originalError: driverError }),
      new GraphQLError('Cannot query field'),
      new GraphQLError('x', { originalError: new DomainError(ErrorCode.NOT_FOUND, 'no') }),
    ];
    await listener!.didEncounterErrors!({ errors } as never);
    await plugin.contextCreationDidFail!({ error: new TypeError('Cannot read properties of undefined') });
    expect(lines).toEqual(['unexpected error: Error (code 23505)', 'unexpected error: TypeError']);
  });
});

describe('createGateway', () => {
  it('builds without I/O: nothing listens and nothing is fetched until listen()', () => {
    const fetchSpy = jest.spyOn(globalThis, 'fetch');
    const listenSpy = jest.spyOn(http.Server.prototype, 'listen');
    try {
      const gateway = createGateway({
        supergraphSdl: 'type Query { nothing: Int }',
        registryUrl: 'http://127.0.0.1:9/graphql',
        partnerTimeoutMs: 1_000,
        directoryRefreshMs: 60_000,
        auth: AUTH,
        signingKey: generateProofKeys().privateKey,
        log: () => undefined,
      });
      expect(typeof gateway.listen).toBe('function');
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(listenSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
      listenSpy.mockRestore();
    }
  });
});
