import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GATEWAY_ISSUER, PROOF_HEADER, ProofSigner, ProofVerifier } from '@coalition/shared/auth';
import { Coverage } from '../coverage';
import { UpstreamClient } from './client';
import { ANALYTICS_SERVICE } from './identity';
import { partnerTarget, REGISTRY, type PartnerEntry } from './target';
import { noPartnerInScope, partnerNotActive, partnerUnavailable, registryUnavailable } from './unavailable';

const KEY = 'unit-test-proof-key';
type Handler = (request: IncomingMessage, body: string, response: ServerResponse, seen: number) => void;

/** A real HTTP service on a free port, answering with `handler`; counts the requests it received. */
async function service(handler: Handler) {
  const bodies: Array<{ body: string; proof: string | undefined }> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      bodies.push({ body, proof: request.headers[PROOF_HEADER] as string | undefined });
      handler(request, body, response, bodies.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, bodies, close };
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

const partnerAt = (url: string): PartnerEntry => ({ id: 'north', name: 'Northside', endpoint: url });
const clientFor = (url: string, timeoutMs = 2_000) =>
  new UpstreamClient({
    registryUrl: url,
    signer: new ProofSigner({ algorithm: 'HS256', key: KEY }),
    partnerTimeoutMs: timeoutMs,
    registryTimeoutMs: timeoutMs,
  });
const READ = { as: ANALYTICS_SERVICE, read: true };

describe('UpstreamClient', () => {
  let running: Awaited<ReturnType<typeof service>> | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('signs the exact body for the partner, as the identity it acts for, and counts the answer', async () => {
    running = await service((_request, _body, response) => json(response, 200, { data: { ok: true } }));
    const coverage = new Coverage();
    const outcome = await clientFor(running.url).send(partnerTarget(partnerAt(running.url)), { query: '{ ok }' }, { ...READ, coverage });
    expect(outcome).toEqual({ kind: 'answered', data: { ok: true }, errors: [] });
    const [{ body, proof }] = running.bodies;
    expect(JSON.parse(body)).toEqual({ query: '{ ok }' });
    const verified = await new ProofVerifier({ audience: 'north', issuers: { [GATEWAY_ISSUER]: { algorithm: 'HS256', key: KEY } } }).verify(proof, body);
    expect(verified).toMatchObject({ caller: ANALYTICS_SERVICE.caller, service: 'analytics' });
    expect(coverage.summary()).toEqual({ partnersAsked: 1, partnersAnswered: 1, missing: [] });
  });

  it("a partner's bad-input error is an answer, not an outage", async () => {
    const error = { message: 'Invalid by: at most 4 dimensions at once', extensions: { code: 'BAD_USER_INPUT', field: 'by' } };
    running = await service((_request, _body, response) => json(response, 200, { data: null, errors: [error] }));
    const coverage = new Coverage();
    const outcome = await clientFor(running.url).send(partnerTarget(partnerAt(running.url)), { query: '{ ok }' }, { ...READ, coverage });
    expect(outcome).toEqual({ kind: 'answered', data: null, errors: [error] });
    expect(coverage.summary()).toEqual({ partnersAsked: 1, partnersAnswered: 1, missing: [] });
  });

  it("a partner's own PARTNER_UNAVAILABLE makes it missing with its reason; a relayed REGISTRY_UNAVAILABLE does not", async () => {
    const own = { message: 'unavailable', extensions: { code: 'PARTNER_UNAVAILABLE', reason: 'its database is not reachable' } };
    const relayed = { message: 'registry down', extensions: { code: 'REGISTRY_UNAVAILABLE', reason: 'unreachable' } };
    running = await service((_request, _body, response, seen) => json(response, 200, { data: null, errors: [seen === 1 ? own : relayed] }));
    const client = clientFor(running.url);
    const coverage = new Coverage();
    const target = partnerTarget(partnerAt(running.url));
    expect(await client.send(target, { query: '{ ok }' }, { ...READ, coverage })).toEqual({ kind: 'unavailable', reason: 'its database is not reachable' });
    expect(coverage.summary().missing).toEqual([{ partnerId: 'north', reason: 'its database is not reachable' }]);
    expect(await client.send(target, { query: 'mutation { enroll }' }, { ...READ, read: false })).toEqual({ kind: 'answered', data: null, errors: [relayed] });
  });

  it('HTTP 5xx is unavailable; HTTP 4xx is a refusal the caller sees', async () => {
    const refusal = { message: 'Request refused: proof expired', extensions: { code: 'UNAUTHENTICATED' } };
    running = await service((_request, _body, response, seen) => {
      if (seen === 1) json(response, 502, { oops: true });
      else json(response, 401, { errors: [refusal] });
    });
    const client = clientFor(running.url);
    const target = partnerTarget(partnerAt(running.url));
    expect(await client.send(target, { query: '{ ok }' }, READ)).toEqual({ kind: 'unavailable', reason: 'HTTP 502' });
    expect(await client.send(target, { query: '{ ok }' }, READ)).toEqual({ kind: 'answered', data: null, errors: [refusal] });
  });

  it('sends a read once more, with a fresh proof, when the service had closed the connection', async () => {
    running = await service((request, _body, response, seen) => (seen === 1 ? request.socket.destroy() : json(response, 200, { data: { ok: 1 } })));
    const outcome = await clientFor(running.url).send(partnerTarget(partnerAt(running.url)), { query: '{ ok }' }, READ);
    expect(outcome).toEqual({ kind: 'answered', data: { ok: 1 }, errors: [] });
    expect(running.bodies).toHaveLength(2);
    expect(running.bodies[0].proof).not.toBe(running.bodies[1].proof);
  });

  it('never sends a write twice', async () => {
    running = await service((request) => request.socket.destroy());
    const coverage = new Coverage();
    const outcome = await clientFor(running.url).send(partnerTarget(partnerAt(running.url)), { query: 'mutation { go }' }, { ...READ, read: false, coverage });
    expect(outcome).toEqual({ kind: 'unavailable', reason: expect.stringMatching(/^unreachable \((UND_ERR_SOCKET|ECONNRESET)\)$/) });
    expect(running.bodies).toHaveLength(1);
    expect(coverage.summary()).toMatchObject({ partnersAsked: 1, partnersAnswered: 0 });
  });

  it('gives up at the deadline and does not retry a timeout', async () => {
    running = await service(() => undefined);
    const started = Date.now();
    const outcome = await clientFor(running.url, 300).send(partnerTarget(partnerAt(running.url)), { query: '{ ok }' }, READ);
    expect(outcome).toEqual({ kind: 'unavailable', reason: 'no answer within 300 ms' });
    expect(Date.now() - started).toBeLessThan(2_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(running.bodies).toHaveLength(1);
  });

  it('a service nobody listens on is unreachable; the registry enters the coverage as not answered', async () => {
    running = await service(() => undefined);
    const url = running.url;
    await running.close();
    running = undefined;
    const coverage = new Coverage();
    const outcome = await clientFor(url).send(REGISTRY, { query: '{ partners { id } }' }, { ...READ, coverage });
    expect(outcome).toEqual({ kind: 'unavailable', reason: 'unreachable (ECONNREFUSED)' });
    expect(coverage.summary()).toEqual({
      partnersAsked: 0,
      partnersAnswered: 0,
      missing: [],
      registry: { answered: false, reason: 'unreachable (ECONNREFUSED)' },
    });
  });

  it('a 2xx that is no GraphQL answer is unavailable', async () => {
    running = await service((_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>captive portal</html>');
    });
    expect(await clientFor(running.url).send(REGISTRY, { query: '{ ok }' }, READ)).toEqual({ kind: 'unavailable', reason: 'no GraphQL answer (HTTP 200)' });
  });
});

describe('unavailability error shapes', () => {
  const partner: PartnerEntry = { id: 'north', name: 'Northside', endpoint: 'http://127.0.0.1:1/graphql' };

  it('a missing partner names itself, the reason and the share that answered, never its URL', () => {
    const error = partnerUnavailable(partner, 'HTTP 503', { asked: 3, answered: 2 }, ['_entities', 0]);
    expect(error).toEqual({
      message: 'Partner north (Northside) is unavailable: HTTP 503. The answer covers 2 of 3 partners.',
      path: ['_entities', 0],
      extensions: { code: 'PARTNER_UNAVAILABLE', partnerId: 'north', reason: 'HTTP 503', coverage: { partnersAsked: 3, partnersAnswered: 2 } },
    });
    expect(JSON.stringify(error)).not.toContain('127.0.0.1');
  });

  it('no partner to ask, and a partner that is not active, are PARTNER_UNAVAILABLE with their reasons', () => {
    expect(noPartnerInScope().extensions).toEqual({
      code: 'PARTNER_UNAVAILABLE',
      partnerId: null,
      reason: 'no active partners in scope',
      coverage: { partnersAsked: 0, partnersAnswered: 0 },
    });
    expect(partnerNotActive('gone', ['_entities', 2])).toMatchObject({
      path: ['_entities', 2],
      extensions: { code: 'PARTNER_UNAVAILABLE', partnerId: 'gone', reason: 'not active' },
    });
  });

  it('the registry not answering is REGISTRY_UNAVAILABLE with the reason', () => {
    const error = registryUnavailable('no answer within 5000 ms');
    expect({ code: error.code, details: error.details }).toEqual({ code: 'REGISTRY_UNAVAILABLE', details: { reason: 'no answer within 5000 ms' } });
    expect(error.message).toMatch(/^The registry is unavailable: no answer within 5000 ms\./);
  });
});
