// Over 300 lines on purpose: one coalition serves the refusals and the failed-write cases, which read its databases.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { databaseUrl, DEMO_LINKAGE_SECRET, demoRegistryKey } from '@coalition/demo';
import { checkMapping, importFile, linkImports, RegistryLinker } from '@coalition/partner';
import { gsidFromBytes } from '@coalition/shared';
import { partnerIssuer, PROOF_HEADER, ProofSigner } from '@coalition/shared/auth';
import { asGateway, graphql, post, tokens, type GraphQLResponse } from '../support/graphql';
import { partnerSqlCounts, sqlDelta, startTestCoalition } from '../support/coalition';
import { testServerUrl } from '../support/database';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

const [NORTH, BRIDGE] = ['northside-training', 'bridgeway-placement'];
const ENROLL = `mutation($p: ID!, $i: EnrollParticipantInput!) {
  enrollParticipant(partnerId: $p, input: $i) { decision participant { localId gsid } }
}`;
const base = { sex: 'FEMALE', raceEthnicity: ['WHITE'], enrolledOn: '2026-03-02', programType: 'TRAINING', countyFips: '39035' };
const ADA = { firstName: 'Ada', lastName: 'Quellwater', birthDate: '1990-05-17', ssnLast4: '5521' };

const IMPORT_MAPPING = checkMapping({
  kind: 'participants',
  fields: {
    localId: 'id',
    enrolledOn: 'intake',
    firstName: 'first',
    lastName: 'last',
    birthDate: 'dob',
    programType: { value: 'TRAINING' },
    sex: { value: 'NOT_SELF_IDENTIFIED' },
  },
});
/** A CSV of participants (id, intake, first, last, dob) in a fresh directory. */
const csv = (...rows: string[]) => {
  const file = join(mkdtempSync(join(tmpdir(), 'cg-hygiene-')), 'clients.csv');
  writeFileSync(file, ['id,intake,first,last,dob', ...rows].join('\n'));
  return file;
};

/** The databases as they are, read with plain SQL (names from the coalition's prefix, as demo/src/coalition.ts makes them). */
class Databases {
  constructor(
    readonly registry: Client,
    readonly partners: Map<string, Client>,
  ) {}

  static async open(coalition: TestCoalition): Promise<Databases> {
    const registryName = new URL((coalition.registryDataSource.options as { url: string }).url).pathname.slice(1);
    const prefix = registryName.replace(/_registry$/, '');
    const connect = async (name: string) => {
      const client = new Client({ connectionString: databaseUrl(testServerUrl(), name) });
      await client.connect();
      return client;
    };
    const partners = new Map<string, Client>();
    for (const id of coalition.partners.keys()) partners.set(id, await connect(`${prefix}_partner_${id.replace(/-/g, '_')}`));
    return new Databases(await connect(registryName), partners);
  }

  async close(): Promise<void> {
    await Promise.all([this.registry, ...this.partners.values()].map((c) => c.end()));
  }

  /** What the registry holds about one partner record, and how many GSIDs and open reviews it holds in all. */
  async registryState(partnerId: string, localIds: string[]) {
    const one = async (sql: string, params: unknown[] = []) => (await this.registry.query(sql, params)).rows[0].n as number;
    return {
      links: await one('SELECT count(*)::int AS n FROM stakeholder_link WHERE partner_id = $1 AND local_id = ANY($2)', [partnerId, localIds]),
      decisions: await one('SELECT count(*)::int AS n FROM link_decision WHERE partner_id = $1 AND local_id = ANY($2)', [partnerId, localIds]),
      stakeholders: await one('SELECT count(*)::int AS n FROM stakeholder'),
      allLinks: await one('SELECT count(*)::int AS n FROM stakeholder_link'),
      openReviews: await one(`SELECT count(*)::int AS n FROM link_decision WHERE review_status = 'OPEN'`),
      encodings: await one('SELECT count(*)::int AS n FROM linkage_encoding'),
    };
  }

  async participantRows(partnerId: string, localIds: string[]): Promise<number> {
    const client = this.partners.get(partnerId)!;
    const participants = (await client.query('SELECT count(*)::int AS n FROM participant WHERE local_id = ANY($1)', [localIds])).rows[0].n;
    const identities = (await client.query('SELECT count(*)::int AS n FROM participant_identity WHERE local_id = ANY($1)', [localIds])).rows[0].n;
    return participants + identities;
  }
}

describe('bad characters in any input, and partner writes that fail after the registry resolved', () => {
  let coalition: TestCoalition;
  let gateway: string;
  let db: Databases;
  const logs: string[] = [];

  beforeAll(async () => {
    coalition = await startTestCoalition('hygiene', { people: 60, log: (m) => logs.push(m), gateway: { audit: (entry) => logs.push(JSON.stringify(entry)) } });
    gateway = coalition.gateway.url;
    db = await Databases.open(coalition);
    // Real write failures, made by the partners' own databases after the registry resolved:
    // local ids FAIL-NOW-* are refused at once, FAIL-COMMIT-* only at COMMIT (a deferred
    // constraint trigger), the latest a write can fail.
    for (const partnerId of [NORTH, BRIDGE]) {
      const client = db.partners.get(partnerId)!;
      await client.query(`CREATE FUNCTION test_refuse_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused by the test for %', NEW.local_id; END $$`);
      await client.query(`CREATE TRIGGER test_refuse_now BEFORE INSERT ON participant FOR EACH ROW
        WHEN (NEW.local_id LIKE 'FAIL-NOW-%') EXECUTE FUNCTION test_refuse_write()`);
      await client.query(`CREATE CONSTRAINT TRIGGER test_refuse_at_commit AFTER INSERT ON participant DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
        WHEN (NEW.local_id LIKE 'FAIL-COMMIT-%') EXECUTE FUNCTION test_refuse_write()`);
    }
  });

  afterAll(async () => {
    await db?.close();
    await coalition?.dispose();
  });

  const enrollAs = (partnerId: string, input: Record<string, unknown>) =>
    graphql(gateway, ENROLL, { p: partnerId, i: { ...base, ...input } }, { token: tokens.staff(partnerId) });
  const linker = (registryUrl = coalition.registry.url) =>
    new RegistryLinker(NORTH, { secret: DEMO_LINKAGE_SECRET, registryUrl, registryKey: demoRegistryKey(NORTH) });
  const partnerData = (partnerId: string) => coalition.partners.get(partnerId)!.database.dataSource;
  /** A partner's own signed request straight to the registry, as its RegistryLinker sends it. */
  const asPartner = async (signer: string, query: string, variables: Record<string, unknown>) => {
    const body = JSON.stringify({ query, variables });
    const proof = new ProofSigner({ algorithm: 'HS256', key: demoRegistryKey(signer) }, partnerIssuer(signer)).sign('registry', body, null, randomUUID());
    const response = await post(coalition.registry.url, body, { token: null, headers: { [PROOF_HEADER]: proof } });
    return (await response.json()) as GraphQLResponse;
  };

  describe('refused at the gateway with BAD_USER_INPUT naming the field; nothing reaches a partner or the registry', () => {
    const NUL = 'contains a control character (U+0000)';
    const lone = (unit: string) => `is not valid Unicode: it has a lone surrogate (U+${unit})`;
    const inLiteral = (localId: string, firstName: string, lastName: string, declare = '') =>
      `mutation${declare} { enrollParticipant(partnerId: "${NORTH}", input: { localId: "${localId}", firstName: ${firstName}, lastName: ${lastName}, birthDate: "1990-05-17", sex: FEMALE, enrolledOn: "2026-03-02", programType: TRAINING }) { decision } }`;
    const IDS = ['HYG-V1', 'HYG-V2', 'HYG-V3', 'HYG-L1', 'HYG-L2', 'HYG-L3', 'HYG-L4', 'HYG-L5', 'HYG-L6'];
    // Raw characters travel as \u0000 and \ud800 escapes of the JSON body (JSON.stringify writes them so).
    const cases: Array<[string, string, Record<string, unknown> | undefined, string, string]> = [
      [
        'a NUL byte in firstName, as a variable',
        ENROLL,
        { p: NORTH, i: { ...base, ...ADA, localId: 'HYG-V1', firstName: 'Ada\u0000' } },
        'input.firstName',
        NUL,
      ],
      [
        'a lone surrogate in lastName, as a variable',
        ENROLL,
        { p: NORTH, i: { ...base, ...ADA, localId: 'HYG-V2', lastName: 'Quell\uD800water' } },
        'input.lastName',
        lone('D800'),
      ],
      ['a NUL byte in firstName, raw in a literal', inLiteral('HYG-L1', '"Ada\u0000"', '"Quellwater"'), undefined, 'input.firstName', NUL],
      ['a NUL byte in firstName, as a GraphQL escape in a literal', inLiteral('HYG-L2', '"Ada\\u0000"', '"Quellwater"'), undefined, 'input.firstName', NUL],
      ['a lone surrogate in lastName, raw in a literal', inLiteral('HYG-L3', '"Ada"', '"Quell\uD800water"'), undefined, 'input.lastName', lone('D800')],
      [
        'a lone surrogate in lastName, as a GraphQL escape in a literal',
        inLiteral('HYG-L4', '"Ada"', '"Quell\\ud800water"'),
        undefined,
        'input.lastName',
        lone('D800'),
      ],
      [
        'a lone low surrogate escaped in a literal object that also takes a variable',
        inLiteral('HYG-L5', '$f', '"Quell\\udc00"', '($f: String!)'),
        { f: 'Ada' },
        'input.lastName',
        lone('DC00'),
      ],
      [
        'a bell character in a variable used inside a literal object',
        inLiteral('HYG-L6', '$f', '"Quellwater"', '($f: String!)'),
        { f: 'A\u0007da' },
        'input.firstName',
        'contains a control character (U+0007)',
      ],
      [
        'a DEL in a query argument',
        `query($id: ID!) { participant(partnerId: "${NORTH}", localId: $id) { localId } }`,
        { id: 'HYG\u007F' },
        'localId',
        'contains a control character (U+007F)',
      ],
      [
        'an unused, undeclared variable carrying a NUL',
        ENROLL,
        { p: NORTH, i: { ...base, ...ADA, localId: 'HYG-V3' }, extra: ['ok', 'x\u0000'] },
        '$extra[1]',
        NUL,
      ],
    ];

    it.each(cases)('%s', async (_what, query, variables, field, reason) => {
      const before = partnerSqlCounts(coalition);
      const registryBefore = await db.registryState(NORTH, IDS);
      const response = await post(gateway, JSON.stringify({ query, variables }), { token: tokens.staff(NORTH) });
      const result = (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
      expect(response.status).toBe(400);
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(result.errors![0].message).toBe(`Invalid ${field}: ${reason}`);
      expect(JSON.stringify(result)).not.toMatch(/Ada|Quell|HYG\u007f/);
      // Nothing was sent anywhere: no partner ran a statement, the registry holds nothing new.
      expect(sqlDelta(coalition, before)).toEqual(Object.fromEntries([...coalition.partners.keys()].map((id) => [id, 0])));
      const registryAfter = await db.registryState(NORTH, IDS);
      expect(registryAfter).toEqual(registryBefore);
      expect(registryAfter).toMatchObject({ links: 0, decisions: 0 });
      expect(await db.participantRows(NORTH, IDS)).toBe(0);
    });

    it('an analyst review action with a control character in its reason is refused the same way', async () => {
      const result = await graphql(
        gateway,
        'mutation($r: String!) { mergeStakeholders(survivor: "gs_000000000000", absorbed: "gs_000000000001", reason: $r) { id } }',
        { r: 'same person\u001B[2J' },
      );
      expect(result.errors?.[0]).toMatchObject({
        message: 'Invalid reason: contains a control character (U+001B)',
        extensions: { code: 'BAD_USER_INPUT', field: 'reason' },
      });
    });

    it('the partner refuses the same input itself (defence in depth), before asking the registry', async () => {
      const before = await db.registryState(NORTH, ['HYG-P1']);
      const result = await asGateway(
        coalition.partners.get(NORTH)!.server!.url,
        NORTH,
        coalition.proofKeys.privateKey,
        ENROLL,
        { p: NORTH, i: { ...base, ...ADA, localId: 'HYG-P1', lastName: 'Quell\uDBFFwater' } },
        { subject: 'staff', role: 'partner_staff', partnerId: NORTH },
      );
      expect(result.errors?.[0]).toMatchObject({
        message: 'Invalid input.lastName: is not valid Unicode: it has a lone surrogate (U+DBFF)',
        extensions: { code: 'BAD_USER_INPUT', field: 'input.lastName' },
      });
      expect(await db.registryState(NORTH, ['HYG-P1'])).toEqual(before);
      expect(await db.participantRows(NORTH, ['HYG-P1'])).toBe(0);
    });

    it("the registry refuses a control character in a partner's own linkage request", async () => {
      const result = await asPartner(NORTH, 'mutation($p: ID!, $r: [LinkageRecordInput!]!) { resolveIdentities(partnerId: $p, records: $r) { gsid } }', {
        p: NORTH,
        r: [{ localId: 'HYG\u0000R', encoding: {} }],
      });
      expect(result.errors?.[0]).toMatchObject({
        message: 'Invalid records[0].localId: contains a control character (U+0000)',
        extensions: { code: 'BAD_USER_INPUT' },
      });
    });

    it('lets accented letters, emoji and multi-line text through', async () => {
      const result = await enrollAs(NORTH, { ...ADA, localId: 'HYG-OK-1', firstName: 'Zoë 😀', lastName: 'Ødegård-Quellwater' });
      expect(result.errors).toBeUndefined();
      expect(result.data.enrollParticipant.decision).toBe('NEW');
      const name = await graphql(gateway, `{ participant(partnerId: "${NORTH}", localId: "HYG-OK-1") { identity { firstName } } }`, undefined, {
        token: tokens.staff(NORTH),
      });
      expect(name.data.participant.identity.firstName).toBe('Zoë 😀');
    });
  });

  describe('a partner write that fails after the registry resolved leaves nothing at the registry', () => {
    const expectCleanFailure = (result: Awaited<ReturnType<typeof enrollAs>>, localId: string) => {
      expect(result.data?.enrollParticipant ?? null).toBeNull();
      const error = result.errors?.[0];
      expect(error?.extensions?.code).toBe('WRITE_FAILED');
      expect(error?.extensions).toMatchObject({ localId, registryLink: 'withdrawn' });
      expect(error?.message).toContain(`${localId} could not be stored`);
      expect(error?.message).toContain('nothing was kept');
      expect(JSON.stringify(result)).not.toMatch(/refused by the test|P0001|trigger|Quellwater|Hartigan/i);
    };

    it.each([
      ['at once (a BEFORE INSERT trigger)', 'FAIL-NOW-1'],
      ['at commit (a deferred constraint trigger)', 'FAIL-COMMIT-1'],
    ])('a new person, the write failing %s: no GSID, link or decision stays', async (_when, localId) => {
      const before = await db.registryState(NORTH, [localId]);
      const result = await enrollAs(NORTH, { firstName: 'Imogen', lastName: 'Hartigan', birthDate: '1987-09-03', localId });
      expectCleanFailure(result, localId);
      const after = await db.registryState(NORTH, [localId]);
      expect(after).toEqual({ ...before, links: 0, decisions: 0 });
      expect(await db.participantRows(NORTH, [localId])).toBe(0);
    });

    it('a possible match: the review queue gets no item for the record the partner never stored', async () => {
      const first = await enrollAs(NORTH, { firstName: 'Theodora', lastName: 'Hartigan-Pell', birthDate: '1985-03-14', localId: 'HYG-PM-1' });
      expect(first.errors).toBeUndefined();
      // The same look-alike, enrolled successfully, is a POSSIBLE_MATCH: so is the failed attempt.
      const probe = await enrollAs(BRIDGE, { firstName: 'Theodosa', lastName: 'Hartigan-Pell', birthDate: '1985-03-15', localId: 'HYG-PM-PROBE' });
      expect(probe.data.enrollParticipant.decision).toBe('POSSIBLE_MATCH');
      const before = await db.registryState(BRIDGE, ['FAIL-COMMIT-PM']);
      const result = await enrollAs(BRIDGE, { firstName: 'Theodosa', lastName: 'Hartigan-Pell', birthDate: '1985-03-15', localId: 'FAIL-COMMIT-PM' });
      expectCleanFailure(result, 'FAIL-COMMIT-PM');
      expect(await db.registryState(BRIDGE, ['FAIL-COMMIT-PM'])).toEqual({ ...before, links: 0, decisions: 0 });
      const queue = await graphql(gateway, '{ reviewQueue(first: 500) { partnerId localId } }');
      expect(queue.data.reviewQueue).not.toContainEqual({ partnerId: BRIDGE, localId: 'FAIL-COMMIT-PM' });
      expect(queue.data.reviewQueue).toContainEqual({ partnerId: BRIDGE, localId: 'HYG-PM-PROBE' });
    });

    it("an auto-link to a known person: the link goes, the person's GSID and other links stay", async () => {
      const known = await enrollAs(NORTH, { firstName: 'Imogen', lastName: 'Hartigan', birthDate: '1987-09-03', ssnLast4: '7310', localId: 'HYG-AL-1' });
      expect(known.data.enrollParticipant.decision).toBe('NEW');
      const gsid = known.data.enrollParticipant.participant.gsid;
      const before = await db.registryState(BRIDGE, ['FAIL-NOW-AL']);
      const result = await enrollAs(BRIDGE, { firstName: 'Imogen', lastName: 'Hartigan', birthDate: '1987-09-03', ssnLast4: '7310', localId: 'FAIL-NOW-AL' });
      expectCleanFailure(result, 'FAIL-NOW-AL');
      expect(await db.registryState(BRIDGE, ['FAIL-NOW-AL'])).toEqual({ ...before, links: 0, decisions: 0 });
      const links = await db.registry.query('SELECT partner_id, local_id FROM stakeholder_link WHERE gsid = $1', [gsid]);
      expect(links.rows).toEqual([{ partner_id: NORTH, local_id: 'HYG-AL-1' }]);
    });

    it('enrolling the local id again once the partner can store it starts afresh (NEW), not from a leftover link', async () => {
      await db.partners.get(NORTH)!.query('ALTER TABLE participant DISABLE TRIGGER test_refuse_now');
      try {
        const again = await enrollAs(NORTH, { firstName: 'Imogen', lastName: 'Hartigan', birthDate: '1987-09-03', localId: 'FAIL-NOW-1' });
        expect(again.errors).toBeUndefined();
        expect(again.data.enrollParticipant.decision).not.toBe('EXISTING');
        expect(await db.participantRows(NORTH, ['FAIL-NOW-1'])).toBe(2);
      } finally {
        await db.partners.get(NORTH)!.query('ALTER TABLE participant ENABLE TRIGGER test_refuse_now');
      }
    });

    it('an import whose write fails leaves no link behind either', async () => {
      const file = csv(
        'IMP-H-1,2026-01-05,Oswin,Marchbanks,1979-02-11',
        'IMP-H-2,2026-01-05,Perpetua,Lindqvist,1993-12-01',
        'FAIL-NOW-IMP,2026-01-05,Quentin,Abernathy,1969-06-30',
      );
      const ids = ['IMP-H-1', 'IMP-H-2', 'FAIL-NOW-IMP'];
      const before = await db.registryState(NORTH, ids);
      const linking = linkImports(linker());
      await expect(
        importFile({
          file,
          mapping: IMPORT_MAPPING,
          dataSource: partnerData(NORTH),
          resolveGsids: linking.resolveGsids,
          withdrawGsids: linking.withdrawResolved,
        }),
      ).rejects.toThrow();
      expect(linking.left).toEqual([]);
      expect(await db.registryState(NORTH, ids)).toEqual({ ...before, links: 0, decisions: 0 });
      expect(await db.participantRows(NORTH, ids)).toBe(0);

      // A control character in a file is a rejected row, named in the report, before any linking.
      const again = linkImports(linker());
      const result = await importFile({
        file: csv('IMP-H-4,2026-01-05,Os\u0000win,Marchbanks,1979-02-11'),
        mapping: IMPORT_MAPPING,
        dataSource: partnerData(NORTH),
        resolveGsids: again.resolveGsids,
        withdrawGsids: again.withdrawResolved,
      });
      expect(result.status).toBe('rejected');
      expect(result.rejections).toMatchObject([{ row: 2, column: 'first', reason: 'firstName contains a control character (U+0000)' }]);
      expect(await db.registryState(NORTH, ['IMP-H-4'])).toMatchObject({ links: 0, decisions: 0 });
    });
  });

  it('when the registry cannot be reached to withdraw, the import names every link it left, and a later import adopts them', async () => {
    // A real HTTP hop in front of the registry that passes resolution and drops withdrawals.
    const hop = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', async () => {
        const body = Buffer.concat(chunks).toString();
        if (body.includes('withdrawIdentities')) return request.socket.destroy();
        const answer = await fetch(coalition.registry.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [PROOF_HEADER]: String(request.headers[PROOF_HEADER]) },
          body,
        });
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
      });
    });
    await new Promise<void>((resolve) => hop.listen(0, '127.0.0.1', resolve));
    try {
      const file = csv('IMP-L-1,2026-01-05,Gwendolyn,Ashcombe,1958-10-10', 'FAIL-NOW-L,2026-01-05,Barnaby,Ashcombe,1956-01-01');
      const linking = linkImports(linker(`http://127.0.0.1:${(hop.address() as AddressInfo).port}/graphql`));
      await expect(
        importFile({
          file,
          mapping: IMPORT_MAPPING,
          dataSource: partnerData(NORTH),
          resolveGsids: linking.resolveGsids,
          withdrawGsids: linking.withdrawResolved,
        }),
      ).rejects.toThrow();
      expect(linking.left.map((l) => l.localId).sort()).toEqual(['FAIL-NOW-L', 'IMP-L-1']);
      expect(linking.left[0]).toMatchObject({ gsid: expect.stringMatching(/^gs_/), reason: expect.stringMatching(/could not be asked to withdraw/) });
      expect((await db.registryState(NORTH, ['IMP-L-1', 'FAIL-NOW-L'])).links).toBe(2);

      await db.partners.get(NORTH)!.query('ALTER TABLE participant DISABLE TRIGGER test_refuse_now');
      try {
        const again = linkImports(linker());
        const result = await importFile({
          file,
          mapping: IMPORT_MAPPING,
          dataSource: partnerData(NORTH),
          resolveGsids: again.resolveGsids,
          withdrawGsids: again.withdrawResolved,
        });
        expect(result.status).toBe('imported');
        const stored = await db.partners
          .get(NORTH)!
          .query(`SELECT local_id, gsid FROM participant WHERE local_id IN ('IMP-L-1', 'FAIL-NOW-L') ORDER BY local_id`);
        expect(stored.rows).toEqual(linking.left.map((l) => ({ local_id: l.localId, gsid: l.gsid })).sort((a, b) => a.local_id.localeCompare(b.local_id)));
      } finally {
        await db.partners.get(NORTH)!.query('ALTER TABLE participant ENABLE TRIGGER test_refuse_now');
      }
    } finally {
      hop.closeAllConnections();
      await new Promise((resolve) => hop.close(resolve));
    }
  });

  describe('withdrawIdentities: only for the partner itself, never over what a person decided', () => {
    const WITHDRAW = 'mutation($p: ID!, $r: [LinkageWithdrawalInput!]!) { withdrawIdentities(partnerId: $p, records: $r) { localId status reason } }';
    const withdrawAs = (signer: string, variables: Record<string, unknown>) => asPartner(signer, WITHDRAW, variables);

    it("is not part of the gateway's graph", async () => {
      const result = await graphql(gateway, 'mutation { withdrawIdentities(partnerId: "x", records: []) { localId } }');
      expect(result.errors?.[0].message).toMatch(/Cannot query field "withdrawIdentities"/);
    });

    it("refuses one partner withdrawing another's links", async () => {
      const enrolled = await enrollAs(NORTH, { firstName: 'Wilhelmina', lastName: 'Osterberg', birthDate: '1975-01-21', localId: 'HYG-OWN-1' });
      const gsid = enrolled.data.enrollParticipant.participant.gsid;
      const result = await withdrawAs(BRIDGE, { p: NORTH, r: [{ localId: 'HYG-OWN-1', gsid }] });
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await db.registryState(NORTH, ['HYG-OWN-1'])).links).toBe(1);
    });

    it('keeps a link an analyst has acted on', async () => {
      const a = await enrollAs(NORTH, { firstName: 'Cosima', lastName: 'Vandersloot', birthDate: '1982-08-08', localId: 'HYG-KEEP-1' });
      const b = await enrollAs(BRIDGE, { firstName: 'Cosima', lastName: 'Vandersloot', birthDate: '1982-08-08', localId: 'HYG-KEEP-2' });
      expect(b.data.enrollParticipant.participant.gsid).toBe(a.data.enrollParticipant.participant.gsid);
      const split = await graphql(
        gateway,
        `mutation { splitLink(partnerId: "${BRIDGE}", localId: "HYG-KEEP-2", reason: "different person") { gsid } }`,
        undefined,
        { token: tokens.backbone('analyst.kim') },
      );
      expect(split.errors).toBeUndefined();
      const kept = await withdrawAs(BRIDGE, { p: BRIDGE, r: [{ localId: 'HYG-KEEP-2', gsid: split.data.splitLink.gsid }] });
      expect(kept.data.withdrawIdentities).toEqual([{ localId: 'HYG-KEEP-2', status: 'KEPT', reason: expect.stringMatching(/analyst/) }]);
      expect((await db.registryState(BRIDGE, ['HYG-KEEP-2'])).links).toBe(1);
    });

    it('keeps a link resolved again since (another enrollment of the record got its GSID)', async () => {
      const first = await enrollAs(NORTH, { firstName: 'Leopoldine', lastName: 'Marchetti', birthDate: '1964-04-04', localId: 'HYG-KEEP-3' });
      const again = await enrollAs(NORTH, { firstName: 'Leopoldine', lastName: 'Marchetti', birthDate: '1964-04-04', localId: 'HYG-KEEP-3' });
      expect(again.data.enrollParticipant.decision).toBe('EXISTING');
      const result = await withdrawAs(NORTH, { p: NORTH, r: [{ localId: 'HYG-KEEP-3', gsid: first.data.enrollParticipant.participant.gsid }] });
      expect(result.data.withdrawIdentities).toEqual([{ localId: 'HYG-KEEP-3', status: 'KEPT', reason: expect.stringMatching(/resolved again/) }]);
      expect((await db.registryState(NORTH, ['HYG-KEEP-3'])).links).toBe(1);
    });

    it('answers ABSENT for a record it does not link, so a retried withdrawal is harmless', async () => {
      const result = await withdrawAs(NORTH, { p: NORTH, r: [{ localId: 'HYG-NEVER', gsid: gsidFromBytes(Buffer.alloc(8, 7)) }] });
      expect(result.data.withdrawIdentities).toEqual([{ localId: 'HYG-NEVER', status: 'ABSENT', reason: null }]);
    });
  });

  it('no personal value of the failed records reached any log', () => {
    const text = logs.join('\n');
    for (const value of ['Imogen', 'Hartigan', 'Theodosa', '1987-09-03', 'Oswin', 'Marchbanks']) expect(text.includes(value) ? value : null).toBeNull();
  });
});
