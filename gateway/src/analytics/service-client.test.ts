import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProofSigner } from '@coalition/shared/auth';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { Coverage } from '../coverage';
import { UpstreamClient } from '../upstream/client';
import { ServiceClient } from './service-client';

/** A real partner service on a free port whose every answer is `answer`. */
async function partnerAnswering(answer: (response: ServerResponse) => void) {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => answer(response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const signer = new ProofSigner({ algorithm: 'HS256', key: 'k' });
  const upstream = new UpstreamClient({ registryUrl: url, signer, partnerTimeoutMs: 2_000, registryTimeoutMs: 2_000 });
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { client: new ServiceClient(upstream), partner: { id: 'north', name: 'Northside', endpoint: url }, close };
}

const CELLS = parse('{ cells }') as TypedDocumentNode<{ cells: unknown }, Record<string, never>>;
const INDICATOR = parse('{ indicator }') as TypedDocumentNode<{ indicator: unknown }, Record<string, never>>;

const json = (status: number, body: unknown) => (response: ServerResponse) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

describe('ServiceClient', () => {
  it("surfaces a partner's bad-input error as that error, not as a missing partner", async () => {
    const bad = { message: 'Invalid by: at most 4 dimensions at once', extensions: { code: 'BAD_USER_INPUT', field: 'by' } };
    const { client, partner, close } = await partnerAnswering(json(200, { data: null, errors: [bad] }));
    try {
      const coverage = new Coverage();
      await expect(client.partner(partner, CELLS, {}, coverage)).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        message: bad.message,
        details: { field: 'by', partnerId: 'north' },
      });
      expect(coverage.summary()).toEqual({ partnersAsked: 1, partnersAnswered: 1, missing: [] });
    } finally {
      await close();
    }
  });

  it('a partner that cannot answer is missing (null) with its reason in the coverage', async () => {
    const down = { message: 'down', extensions: { code: 'PARTNER_UNAVAILABLE', reason: 'its database is not reachable' } };
    const { client, partner, close } = await partnerAnswering(json(200, { data: null, errors: [down] }));
    try {
      const coverage = new Coverage();
      expect(await client.partner(partner, CELLS, {}, coverage)).toBeNull();
      expect(coverage.summary().missing).toEqual([{ partnerId: 'north', reason: 'its database is not reachable' }]);
    } finally {
      await close();
    }
  });

  it("the registry's errors reach the user as they are; a registry that does not answer is REGISTRY_UNAVAILABLE", async () => {
    const unknown = { message: "Unknown indicator 'NOPE'", extensions: { code: 'NOT_FOUND' } };
    const { client, close } = await partnerAnswering(json(200, { data: null, errors: [unknown] }));
    await expect(client.registry(INDICATOR, {})).rejects.toMatchObject({ code: 'NOT_FOUND', message: unknown.message });
    await close();
    await expect(client.registry(INDICATOR, {})).rejects.toMatchObject({
      code: 'REGISTRY_UNAVAILABLE',
      details: { reason: 'unreachable (ECONNREFUSED)' },
    });
  });
});
