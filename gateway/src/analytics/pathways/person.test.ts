import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GATEWAY_ISSUER, PROOF_HEADER, ProofSigner, ProofVerifier, type Caller } from '@coalition/shared/auth';
import { Coverage } from '../../coverage';
import { UpstreamClient } from '../../upstream/client';
import type { PartnerEntry } from '../../upstream/target';
import { ServiceClient } from '../service-client';
import { personPathway } from './person';

const KEY = 'unit-test-proof-key';
const GSID = 'G-1';
const LINKS = [
  { partnerId: 'north', localId: 'N-1' },
  { partnerId: 'bridge', localId: 'B-7' },
  { partnerId: 'closed', localId: 'C-2' },
];
const record = (localId: string, enrolledOn: string) => ({
  localId,
  programType: 'TRAINING',
  enrolledOn,
  exitedOn: null,
  stageEvents: [{ stage: 'INTAKE', enteredOn: enrolledOn, exitedOn: null }],
  outcomes: [],
});

/**
 * The registry at /registry and partners at /<id> on one real HTTP server; each partner answers
 * with its record of the person and remembers who its proof said was asking.
 */
async function coalition() {
  const askedAs = new Map<string, { caller: Caller | null; service: string | null }>();
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', async () => {
      const audience = request.url!.slice(1);
      const verifier = new ProofVerifier({ audience, issuers: { [GATEWAY_ISSUER]: { algorithm: 'HS256', key: KEY } } });
      const proof = await verifier.verify(request.headers[PROOF_HEADER] as string, body);
      askedAs.set(audience, { caller: proof.caller, service: proof.service });
      const data =
        audience === 'registry'
          ? { stakeholder: { gsid: GSID, links: LINKS } }
          : { _entities: [{ records: [record(audience === 'north' ? 'N-1' : 'B-7', audience === 'north' ? '2024-01-10' : '2024-03-01')] }] };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const upstream = new UpstreamClient({
    registryUrl: `${base}/registry`,
    signer: new ProofSigner({ algorithm: 'HS256', key: KEY }),
    partnerTimeoutMs: 2_000,
    registryTimeoutMs: 2_000,
  });
  // "closed" is linked to the person but not an active partner.
  const directory: PartnerEntry[] = ['north', 'bridge'].map((id) => ({ id, name: id, endpoint: `${base}/${id}` }));
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { client: new ServiceClient(upstream), directory, askedAs, close };
}

describe('personPathway', () => {
  let running: Awaited<ReturnType<typeof coalition>>;
  beforeEach(async () => {
    running = await coalition();
  });
  afterEach(() => running.close());

  const pathwayFor = (caller: Caller, coverage = new Coverage()) => personPathway(caller, GSID, running.client, running.directory, coverage);

  it("asks a partner in the caller's scope as the caller, and one outside it (the staff exception) as the gateway's service, without local ids", async () => {
    const staff: Caller = { subject: 'sam', role: 'partner_staff', partnerId: 'bridge' };
    const coverage = new Coverage();
    const pathway = await pathwayFor(staff, coverage);
    expect(pathway.spells.map((s) => [s.partnerId, s.localId])).toEqual([
      ['north', null],
      ['bridge', 'B-7'],
    ]);
    expect(running.askedAs.get('bridge')).toEqual({ caller: staff, service: null });
    expect(running.askedAs.get('north')).toMatchObject({ service: 'analytics' });
    expect(coverage.summary()).toEqual({
      partnersAsked: 3,
      partnersAnswered: 2,
      missing: [{ partnerId: 'closed', reason: 'not an active partner with an endpoint in the registry' }],
    });
  });

  it('the backbone is asked as itself everywhere and sees every local id', async () => {
    const analyst: Caller = { subject: 'ana', role: 'backbone_analyst' };
    const pathway = await pathwayFor(analyst);
    expect(pathway.spells.map((s) => s.localId)).toEqual(['N-1', 'B-7']);
    expect(pathway.spells[1].gapDays).toBeNull();
    expect([...running.askedAs.entries()].filter(([id]) => id !== 'registry').map(([, who]) => who.caller)).toEqual([analyst, analyst]);
  });

  it('refuses staff of a partner that does not serve the person, and funders before asking anyone', async () => {
    await expect(pathwayFor({ subject: 'x', role: 'partner_staff', partnerId: 'elsewhere' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(running.askedAs.has('north')).toBe(false);
    running.askedAs.clear();
    await expect(pathwayFor({ subject: 'f', role: 'funder', portfolio: 'ALL' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(running.askedAs.size).toBe(0);
  });
});
