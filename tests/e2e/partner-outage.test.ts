import net from 'node:net';
import { graphql } from '../support/graphql';
import { startTestCoalition } from '../support/coalition';
import { createRegistryServices } from '@coalition/registry';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

/** A server that accepts connections and never answers: the slowest partner there is. */
async function blackHole(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('a partner down or slow: partial answers, never a dead graph', () => {
  const timeoutMs = 1_500;
  let coalition: TestCoalition;
  let gateway: string;
  const down = 'bridgeway-placement';

  beforeAll(async () => {
    coalition = await startTestCoalition('outage', { people: 150, partnerTimeoutMs: timeoutMs });
    gateway = coalition.gateway.url;
    await coalition.stopPartner(down);
  });

  afterAll(async () => {
    await coalition?.dispose();
  });

  const expectUnavailable = (errors: any[] | undefined, partnerId: string) => {
    const error = errors?.find((e) => e.extensions?.code === 'PARTNER_UNAVAILABLE' && e.extensions.partnerId === partnerId);
    expect(error).toBeDefined();
    expect(error.message).toContain(partnerId);
    expect(JSON.stringify(error)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED.*http/);
    return error;
  };

  it('network counts answer with the other partners and name the missing one, with the coverage', async () => {
    const result = await graphql(gateway, '{ network { participantCount(by: [PARTNER]) { total partners cells { key count } } } }');
    const aggregate = result.data.network.participantCount;
    expect(aggregate.partners.sort()).toEqual(['northside-training', 'steadypath-coaching']);
    const expectedTotal = ['northside-training', 'steadypath-coaching'].reduce((sum, id) => sum + coalition.demo.data.get(id)!.participants.length, 0);
    expect(aggregate.total).toBe(expectedTotal);
    expect(aggregate.cells.map((c: any) => c.key)).not.toContain(`PARTNER=${down}`);
    const error = expectUnavailable(result.errors, down);
    expect(error.extensions.coverage).toEqual({ partnersAsked: 3, partnersAnswered: 2 });
    expect(result.extensions?.coverage).toEqual({
      partnersAsked: 3,
      partnersAnswered: 2,
      missing: [{ partnerId: down, reason: expect.stringMatching(/unreachable/) }],
    });
  });

  it('a person view keeps the records the other partners hold', async () => {
    const person = coalition.demo.people.find((p) => p.records.length === 3)!;
    const result = await graphql(gateway, `{ stakeholder(gsid: "${person.gsid}") { gsid links { partnerId } records { partnerId localId } } }`);
    expect(result.data.stakeholder.links).toHaveLength(3);
    expect(result.data.stakeholder.records.map((r: any) => r.partnerId).sort()).toEqual(['northside-training', 'steadypath-coaching']);
    expectUnavailable(result.errors, down);
  });

  it('a root field for the stopped partner is null with PARTNER_UNAVAILABLE; the rest of the request answers', async () => {
    const result = await graphql(
      gateway,
      `{
      up: participants(partnerId: "northside-training", first: 2) { nodes { localId } }
      gone: participants(partnerId: "${down}", first: 2) { nodes { localId } }
      partners { id }
    }`,
    );
    expect(result.data.up.nodes).toHaveLength(2);
    expect(result.data.gone).toBeNull();
    expect(result.data.partners).toHaveLength(3);
    expect(expectUnavailable(result.errors, down).path).toEqual(['gone']);
  });

  it('a partner that never answers is cut off at the configured timeout', async () => {
    const hole = await blackHole();
    try {
      await createRegistryServices(coalition.registryDataSource).partners.upsert({
        id: 'silent-partner',
        name: 'Silent Partner',
        programType: 'TRAINING',
        endpoint: hole.url,
        status: 'ACTIVE',
      });
      await coalition.gateway.directory.refresh();
      const started = Date.now();
      const result = await graphql(gateway, '{ network { participantCount { total partners } } }');
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 50);
      expect(elapsed).toBeLessThan(timeoutMs + 3_000);
      expect(result.data.network.participantCount.partners.sort()).toEqual(['northside-training', 'steadypath-coaching']);
      const error = expectUnavailable(result.errors, 'silent-partner');
      expect(error.extensions.reason).toBe(`no answer within ${timeoutMs} ms`);
      expect(result.extensions?.coverage.partnersAnswered).toBe(2);
      expect(result.extensions?.coverage.partnersAsked).toBe(4);
    } finally {
      await hole.close();
    }
  });

  it('with no active partner at all, says so instead of answering empty', async () => {
    const partners = createRegistryServices(coalition.registryDataSource).partners;
    for (const partner of await partners.list()) await partners.upsert({ ...partner, status: 'INACTIVE' });
    await coalition.gateway.directory.refresh();
    const result = await graphql(gateway, '{ network { participantCount { total } } }');
    expect(result.data.network.participantCount).toBeNull();
    expect(result.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'PARTNER_UNAVAILABLE', reason: 'no active partners in scope' }) }),
    ]);
  });
});
