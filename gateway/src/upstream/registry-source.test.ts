import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { parse } from 'graphql';
import { GATEWAY_ISSUER, PROOF_HEADER, ProofSigner, ProofVerifier, type Caller } from '@coalition/shared/auth';
import { Coverage } from '../coverage';
import { UpstreamClient } from './client';
import type { UpstreamContext } from './identity';
import { RegistryDataSource } from './registry-source';

const KEY = 'unit-test-proof-key';

/** A real registry stand-in on a free port: records each request's headers and body. */
async function registry(handler: (request: IncomingMessage, response: ServerResponse) => void) {
  const seen: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      seen.push({ headers: request.headers, body });
      handler(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, seen, close };
}

const source = (url: string) => {
  const signer = new ProofSigner({ algorithm: 'HS256', key: KEY });
  return new RegistryDataSource(new UpstreamClient({ registryUrl: url, signer, partnerTimeoutMs: 2_000, registryTimeoutMs: 2_000 }));
};

/** What the gateway hands a data source for one fetch of an incoming request. */
function fetchOf(query: string, context: UpstreamContext): GraphQLDataSourceProcessOptions<UpstreamContext> {
  return {
    kind: 'incoming operation',
    request: { query, variables: {} },
    context,
    document: parse(query),
    incomingRequestContext: {},
  } as unknown as GraphQLDataSourceProcessOptions<UpstreamContext>;
}

describe('RegistryDataSource', () => {
  let running: Awaited<ReturnType<typeof registry>> | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  const analyst: Caller = { subject: 'ana', role: 'backbone_analyst' };

  it("signs each fetch for the incoming request's caller, and sends no other header of its own", async () => {
    running = await registry((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: { partners: [] } }));
    });
    const answer = await source(running.url).process(fetchOf('{ partners { id } }', { caller: analyst, requestId: 'req-1', coverage: new Coverage() }));
    expect(answer).toEqual({ data: { partners: [] } });
    const [{ headers, body }] = running.seen;
    expect(Object.keys(headers).filter((h) => h.startsWith('x-'))).toEqual([PROOF_HEADER]);
    const verifier = new ProofVerifier({ audience: 'registry', issuers: { [GATEWAY_ISSUER]: { algorithm: 'HS256', key: KEY } } });
    const verified = await verifier.verify(headers[PROOF_HEADER] as string, body);
    expect(verified).toMatchObject({ caller: analyst, requestId: 'req-1', service: null });
  });

  it('a registry that does not answer: one REGISTRY_UNAVAILABLE error, and the coverage says so', async () => {
    running = await registry((_request, response) => {
      response.writeHead(503);
      response.end();
    });
    const coverage = new Coverage();
    const answer = await source(running.url).process(fetchOf('{ partners { id } }', { caller: analyst, coverage }));
    expect(answer.errors).toEqual([expect.objectContaining({ extensions: { code: 'REGISTRY_UNAVAILABLE', reason: 'HTTP 503' } })]);
    expect(coverage.summary().registry).toEqual({ answered: false, reason: 'HTTP 503' });
  });

  it('a mutation cut off with the connection is not sent again', async () => {
    running = await registry((request) => request.socket.destroy());
    const answer = await source(running.url).process(fetchOf('mutation { confirmMatch(id: "1") { id } }', { caller: analyst, coverage: new Coverage() }));
    expect(answer.errors?.[0].extensions?.code).toBe('REGISTRY_UNAVAILABLE');
    expect(running.seen).toHaveLength(1);
  });
});
