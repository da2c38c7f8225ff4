import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSupergraph, PersistedOperations, startGateway, type GatewayServer } from '@coalition/gateway';
import { DEMO_USER_AUTH } from '@coalition/demo';
import { post, tokens } from '../support/graphql';
import { startTestCoalition } from '../support/coalition';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** 26 fragments, each spreading the previous one twice: about 1 KB that expands to 2^25 selections. */
const doublingFragments = (count: number) => {
  const fragments = ['fragment F1 on Query { __typename }'];
  for (let i = 2; i <= count; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
  return `${fragments.join(' ')} query { ...F${count} }`;
};

describe('protocol hardening: operation selection, persisted-query errors, fragment bombs', () => {
  let coalition: TestCoalition;
  let gateway: string;
  /** a second gateway on the same coalition, with a persisted-operation manifest and nothing else allowed */
  let locked: GatewayServer;
  const logs: string[] = [];
  const listed = 'query Catalogue { indicators { code version } }';
  const listedHash = sha256(listed);

  const send = async (url: string, body: unknown) => {
    const response = await post(url, JSON.stringify(body), { token: tokens.backbone() });
    return {
      status: response.status,
      body: (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> },
    };
  };
  const subgraphRequests = () => coalition.registry.requestCount() + [...coalition.partners.values()].reduce((n, p) => n + p.server!.requestCount(), 0);

  beforeAll(async () => {
    coalition = await startTestCoalition('protocol', { people: 60, log: (m) => logs.push(m) });
    gateway = coalition.gateway.url;
    const manifest = join(mkdtempSync(join(tmpdir(), 'cg-protocol-')), 'operations.json');
    writeFileSync(
      manifest,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: listedHash, name: 'Catalogue', type: 'query', body: listed }],
      }),
    );
    locked = await startGateway({
      supergraphSdl: await composeSupergraph(),
      registryUrl: coalition.registry.url,
      partnerTimeoutMs: 2_000,
      directoryRefreshMs: 60_000,
      auth: DEMO_USER_AUTH,
      signingKey: coalition.proofKeys.privateKey,
      persisted: { operations: PersistedOperations.load(manifest), only: true },
      log: (m) => logs.push(m),
    });
  });

  afterAll(async () => {
    await locked?.stop();
    await coalition?.dispose();
  });

  describe('choosing the operation of a document', () => {
    const twoOperations = 'query Codes { indicators { code } } query Versions { indicators { version } }';

    it('two operations and no operationName: 400 OPERATION_RESOLUTION_FAILURE saying a name is needed, no subgraph called', async () => {
      const before = subgraphRequests();
      const { status, body } = await send(gateway, { query: twoOperations });
      expect(status).toBe(400);
      expect(body.errors?.[0]).toMatchObject({
        message: expect.stringContaining('Must provide operation name'),
        extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
      });
      expect(subgraphRequests()).toBe(before);
    });

    it('an operationName the document does not hold: 400 OPERATION_RESOLUTION_FAILURE naming it', async () => {
      const { status, body } = await send(gateway, { query: twoOperations, operationName: 'Nowhere' });
      expect(status).toBe(400);
      expect(body.errors?.[0]).toMatchObject({ message: expect.stringContaining('"Nowhere"'), extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } });
      const single = await send(gateway, { query: '{ indicators { code } }', operationName: 'Nowhere' });
      expect(single.status).toBe(400);
      expect(single.body.errors?.[0].extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
    });

    it('a named operation of several still runs', async () => {
      const { status, body } = await send(gateway, { query: twoOperations, operationName: 'Versions' });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect((body.data as { indicators: Array<{ version: number }> }).indicators.length).toBeGreaterThan(0);
    });
  });

  describe('persisted-query errors carry their own codes', () => {
    it('a hash that is not the SHA-256 of the query sent with it: 400 PERSISTED_QUERY_HASH_MISMATCH, with or without a manifest', async () => {
      const query = '{ indicators { code } }';
      for (const url of [gateway, locked.url]) {
        const { status, body } = await send(url, { query, extensions: { persistedQuery: { version: 1, sha256Hash: listedHash } } });
        expect({ url, status, code: body.errors?.[0].extensions?.code }).toEqual({ url, status: 400, code: 'PERSISTED_QUERY_HASH_MISMATCH' });
      }
    });

    it('a persisted-query version other than 1: 400 PERSISTED_QUERY_VERSION_UNSUPPORTED, with or without a manifest', async () => {
      for (const url of [gateway, locked.url]) {
        for (const request of [
          { extensions: { persistedQuery: { version: 2, sha256Hash: listedHash } } },
          { query: listed, extensions: { persistedQuery: { version: 2, sha256Hash: listedHash } } },
        ]) {
          const { status, body } = await send(url, request);
          expect({ url, status, code: body.errors?.[0].extensions?.code }).toEqual({ url, status: 400, code: 'PERSISTED_QUERY_VERSION_UNSUPPORTED' });
          expect(body.errors?.[0].message).toContain('version');
        }
      }
    });

    it('the listed operation still runs by hash, and a correct hash with its query registers on the open gateway', async () => {
      const byHash = await send(locked.url, { extensions: { persistedQuery: { version: 1, sha256Hash: listedHash } } });
      expect(byHash.status).toBe(200);
      expect(byHash.body.errors).toBeUndefined();
      const query = '{ indicators { code } }';
      const registered = await send(gateway, { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
      expect(registered.status).toBe(200);
      expect(registered.body.errors).toBeUndefined();
    });
  });

  it('26 fragments each spreading the previous twice: refused by the cost limit before any subgraph sees it', async () => {
    const document = doublingFragments(26);
    expect(document.length).toBeLessThan(1_200);
    const before = subgraphRequests();
    const { status, body } = await send(gateway, { query: document });
    expect(status).toBe(400);
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost', actual: 2 ** 25 });
    expect(subgraphRequests()).toBe(before);
  });
});
