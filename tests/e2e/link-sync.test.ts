import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DEMO_LINKAGE_SECRET, demoRegistryKey } from '@coalition/demo';
import { RegistryLinker, syncLinks, type LinkChangeReader } from '@coalition/partner';
import { registryMigrations } from '@coalition/registry';
import { DomainError, gsidFromBytes } from '@coalition/shared';
import { PROOF_HEADER, ProofSigner, partnerIssuer } from '@coalition/shared/auth';
import { asGateway, graphql, post, tokens, type GraphQLResponse } from '../support/graphql';
import { startTestCoalition } from '../support/coalition';

/**
 * Partners' stored GSIDs follow the registry's merges and splits through its feed of link
 * changes (docs/LINKAGE.md): a real registry, partners and gateway over HTTP, each on its own
 * PostgreSQL database.
 */
const ENROLL = `mutation($p: ID!, $i: EnrollParticipantInput!) { enrollParticipant(partnerId: $p, input: $i) { decision participant { localId gsid } } }`;
const FEED = `query($p: ID!, $s: String!, $f: Int) { linkChanges(partnerId: $p, since: $s, first: $f) { changes { localId gsid version } version hasMore } }`;
const base = { sex: 'FEMALE', raceEthnicity: ['ASIAN'], enrolledOn: '2026-03-02', programType: 'TRAINING', countyFips: '39035' };
const [NORTH, BRIDGE] = ['northside-training', 'bridgeway-placement'];
// Two people far enough apart that each enrollment is NEW; an analyst then finds they are one.
const AT_NORTH = { firstName: 'Philippa', lastName: 'Gwynne-Arbuthnot', birthDate: '1984-05-19', ssnLast4: '3307' };
const AT_BRIDGE = { firstName: 'Pip', lastName: 'Arbuthnot', birthDate: '1984-09-15', ssnLast4: '7730' };
const PARTNER_MAIN = join(__dirname, '..', '..', 'subgraphs', 'partner', 'dist', 'main.js');
/** The linkage lock every transaction that changes links takes (lockLinkage, linkage.service.ts). */
const LINKAGE_LOCK = 7_301_002;

describe('the link change feed: partners apply the registry merges and splits to their stored GSIDs', () => {
  let coalition: Awaited<ReturnType<typeof startTestCoalition>>;
  let gateway: string;

  beforeAll(async () => {
    coalition = await startTestCoalition('linksync', { people: 60 });
    gateway = coalition.gateway.url;
  }, 120_000);

  afterAll(async () => {
    await coalition?.dispose();
  });

  const linker = (partnerId: string) =>
    new RegistryLinker(partnerId, { secret: DEMO_LINKAGE_SECRET, registryUrl: coalition.registry.url, registryKey: demoRegistryKey(partnerId) });
  const partnerData = (partnerId: string) => coalition.partners.get(partnerId)!.database.dataSource;
  const sync = (partnerId: string, client: LinkChangeReader = linker(partnerId), pageSize?: number) =>
    syncLinks(partnerData(partnerId), client, partnerId, { pageSize });
  /** The partner's real client, noting the version each page is asked from. */
  const recording = (partnerId: string, asked: string[]): LinkChangeReader => {
    const client = linker(partnerId);
    return {
      linkChanges: (since, first) => {
        asked.push(since);
        return client.linkChanges(since, first);
      },
    };
  };
  const stored = async (partnerId: string, localId: string) =>
    (await partnerData(partnerId).query('SELECT gsid FROM participant WHERE local_id = $1', [localId]))[0]?.gsid as string | undefined;
  const cursor = async (partnerId: string) =>
    (await partnerData(partnerId).query('SELECT version::text AS version FROM link_sync_state WHERE partner_id = $1', [partnerId]))[0]?.version as
      | string
      | undefined;
  const dataVersion = async (partnerId: string) =>
    (await partnerData(partnerId).query('SELECT version::text AS version FROM data_version'))[0].version as string;
  const enroll = async (partnerId: string, localId: string, person: Record<string, unknown>) => {
    const result = await graphql(gateway, ENROLL, { p: partnerId, i: { ...base, localId, ...person } }, { token: tokens.staff(partnerId) });
    expect(result.errors).toBeUndefined();
    return result.data.enrollParticipant as { decision: string; participant: { gsid: string } };
  };
  const asAnalyst = async (mutation: string) => {
    const result = await graphql(gateway, mutation, undefined, { token: tokens.backbone('analyst.sync') });
    expect(result.errors).toBeUndefined();
    return result.data;
  };
  /** A partner's own signed request straight to the registry, as its RegistryLinker sends it. */
  const asPartner = async (signer: string, variables: Record<string, unknown>) => {
    const body = JSON.stringify({ query: FEED, variables });
    const proof = new ProofSigner({ algorithm: 'HS256', key: demoRegistryKey(signer) }, partnerIssuer(signer)).sign('registry', body, null, randomUUID());
    const response = await post(coalition.registry.url, body, { token: null, headers: { [PROOF_HEADER]: proof } });
    return (await response.json()) as GraphQLResponse;
  };

  let survivor: string;
  let absorbed: string;

  it('a first sync reads every link of the partner, page by page, and changes nothing already right', async () => {
    const [{ links, last }] = await coalition.registryDataSource.query(
      'SELECT count(*)::int AS links, max(change_version)::text AS last FROM stakeholder_link WHERE partner_id = $1',
      [BRIDGE],
    );
    expect(links).toBeGreaterThan(10);
    const before = await dataVersion(BRIDGE);
    const pages: string[] = [];
    expect(await sync(BRIDGE, recording(BRIDGE, pages), 10)).toEqual({ applied: 0, unchanged: links, skipped: 0, withoutGsid: 0, version: last });
    expect(pages).toHaveLength(Math.ceil(links / 10));
    expect(await cursor(BRIDGE)).toBe(last);
    // Nothing moved: answers cached under this partner's data version stay good.
    expect(await dataVersion(BRIDGE)).toBe(before);
  });

  it("a merge reaches the absorbed record's stored GSID at the partner's next sync", async () => {
    const north = await enroll(NORTH, 'SYNC-1', AT_NORTH);
    const bridge = await enroll(BRIDGE, 'SYNC-1', AT_BRIDGE);
    expect([north.decision, bridge.decision]).toEqual(['NEW', 'NEW']);
    [survivor, absorbed] = [north.participant.gsid, bridge.participant.gsid];
    await asAnalyst(`mutation { mergeStakeholders(survivor: "${survivor}", absorbed: "${absorbed}", reason: "same person, two intake forms") { id } }`);
    expect(await stored(BRIDGE, 'SYNC-1')).toBe(absorbed);

    const before = await dataVersion(BRIDGE);
    expect(await sync(BRIDGE)).toMatchObject({ applied: 1, unchanged: 0, skipped: 0 });
    expect(await stored(BRIDGE, 'SYNC-1')).toBe(survivor);
    // The update is a change of the partner's data: the data version moves, and the change log counts it.
    expect(BigInt(await dataVersion(BRIDGE))).toBeGreaterThan(BigInt(before));
    const [logged] = await partnerData(BRIDGE).query(`SELECT sum(rows)::int AS n FROM data_change WHERE table_name = 'participant' AND version > $1`, [before]);
    expect(logged.n).toBe(1);
    // The survivor's own record did not move: its new link is all NORTH hears of.
    expect(await sync(NORTH)).toMatchObject({ applied: 0, skipped: 0 });
    expect(await stored(NORTH, 'SYNC-1')).toBe(survivor);
  });

  it('a split moves the stored GSID to the new one; a second sync applies nothing', async () => {
    const { splitLink } = await asAnalyst(`mutation { splitLink(partnerId: "${BRIDGE}", localId: "SYNC-1", reason: "not the same after all") { gsid } }`);
    expect(splitLink.gsid).not.toBe(survivor);
    const first = await sync(BRIDGE);
    expect(first).toMatchObject({ applied: 1, unchanged: 0, skipped: 0 });
    expect(await stored(BRIDGE, 'SYNC-1')).toBe(splitLink.gsid);

    const before = await dataVersion(BRIDGE);
    expect(await sync(BRIDGE)).toEqual({ applied: 0, unchanged: 0, skipped: 0, withoutGsid: 0, version: first.version });
    expect(await dataVersion(BRIDGE)).toBe(before);
  });

  it('the cursor persists: a fresh sync starts where the last one ended, and a sync stopped half-way loses nothing', async () => {
    // Two changes waiting: the split re-joined (SYNC-1 back on the survivor), and a second person merged.
    const split = await coalition.registryDataSource.query(`SELECT id FROM link_decision WHERE kind = 'SPLIT' AND partner_id = $1 AND local_id = 'SYNC-1'`, [
      BRIDGE,
    ]);
    await asAnalyst(`mutation { rejoinSplit(id: "${split[0].id}", reason: "partner confirmed: same person") { gsid } }`);
    const north2 = await enroll(NORTH, 'SYNC-2', { firstName: 'Ottoline', lastName: 'Vanterpool', birthDate: '1972-12-01' });
    const bridge2 = await enroll(BRIDGE, 'SYNC-2', { firstName: 'Lina', lastName: 'Okafor-Dunne', birthDate: '1999-02-28' });
    await asAnalyst(
      `mutation { mergeStakeholders(survivor: "${north2.participant.gsid}", absorbed: "${bridge2.participant.gsid}", reason: "one person") { id } }`,
    );

    // Each page its own transaction: the registry goes away after the first page.
    const from = await cursor(BRIDGE);
    const asked: string[] = [];
    const failing: LinkChangeReader = {
      linkChanges: async (since, first) => {
        asked.push(since);
        if (asked.length > 1) throw new Error('registry gone');
        return linker(BRIDGE).linkChanges(since, first);
      },
    };
    await expect(sync(BRIDGE, failing, 1)).rejects.toThrow('registry gone');
    const halfway = await cursor(BRIDGE);
    expect(BigInt(halfway!)).toBeGreaterThan(BigInt(from!));
    expect(asked).toEqual([from, halfway]);

    // A new client, as after a restart: it asks from the stored version and gets the rest.
    const resumed: string[] = [];
    const result = await sync(BRIDGE, recording(BRIDGE, resumed));
    expect(resumed[0]).toBe(halfway);
    expect(await stored(BRIDGE, 'SYNC-1')).toBe(survivor);
    expect(await stored(BRIDGE, 'SYNC-2')).toBe(north2.participant.gsid);
    expect(result.applied).toBe(1);
    expect(await cursor(BRIDGE)).toBe(result.version);
  });

  it("the partner's own process syncs on its interval (LINK_SYNC_INTERVAL_MS), logging counts only", async () => {
    const north = await enroll(NORTH, 'SYNC-3', { firstName: 'Wilhelmina', lastName: 'Strandqvist', birthDate: '1958-04-04' });
    const bridge = await enroll(BRIDGE, 'SYNC-3', { firstName: 'Mina', lastName: 'Ashdown', birthDate: '1961-11-21' });
    await asAnalyst(
      `mutation { mergeStakeholders(survivor: "${north.participant.gsid}", absorbed: "${bridge.participant.gsid}", reason: "one person") { id } }`,
    );
    // The same partner, as a second process on its database (a replica), started from the environment.
    const child = spawn(process.execPath, [PARTNER_MAIN], {
      env: {
        PATH: process.env.PATH,
        PARTNER_ID: BRIDGE,
        PORT: '0',
        DATABASE_URL: (partnerData(BRIDGE).options as { url: string }).url,
        GATEWAY_PUBLIC_KEY: coalition.proofKeys.publicKey.export({ type: 'spki', format: 'pem' }) as string,
        LINKAGE_SECRET: DEMO_LINKAGE_SECRET,
        REGISTRY_URL: coalition.registry.url,
        REGISTRY_KEY: demoRegistryKey(BRIDGE),
        LINK_SYNC_INTERVAL_MS: '1000',
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      for (let waited = 0; !/link sync: 1 stored GSIDs updated/.test(output) && waited < 30_000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(output).toContain(`partner ${BRIDGE} syncs GSIDs with the registry every 1000 ms`);
      expect(output).toMatch(/link sync: 1 stored GSIDs updated, 0 changes skipped \(records not stored here\), 0 records left without a GSID; at version \d+/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(await stored(BRIDGE, 'SYNC-3')).toBe(north.participant.gsid);
    expect(output).not.toMatch(/SYNC-3|gs_/);
  });

  it('two syncs at once (replicas of the partner): the one that fell behind applies nothing, so no GSID goes back', async () => {
    const survivor3 = await stored(BRIDGE, 'SYNC-3');
    const { splitLink } = await asAnalyst(`mutation { splitLink(partnerId: "${BRIDGE}", localId: "SYNC-3", reason: "checking") { id gsid } }`);
    const client = linker(BRIDGE);
    let other: Awaited<ReturnType<typeof sync>> | undefined;
    const late: LinkChangeReader = {
      linkChanges: async (since, first) => {
        const page = await client.linkChanges(since, first);
        if (!other) {
          // While this page is on its way, the split is undone and another sync applies that.
          await asAnalyst(`mutation { rejoinSplit(id: "${splitLink.id}", reason: "same person after all") { gsid } }`);
          other = await sync(BRIDGE);
        }
        return page;
      },
    };
    const result = await sync(BRIDGE, late);
    expect(other).toMatchObject({ applied: 0, unchanged: 1 });
    expect(result).toMatchObject({ applied: 0, unchanged: 0, skipped: 0, version: other!.version });
    expect(await stored(BRIDGE, 'SYNC-3')).toBe(survivor3);
  });

  it('a link to a record the partner does not store is skipped and counted', async () => {
    // Resolved at the registry without the partner storing it (a write that failed, an answer lost).
    const [outcome] = await linker(NORTH).link([
      { localId: 'SYNC-NOT-STORED', identity: { firstName: 'Evander', lastName: 'Quartermaine', birthDate: '1966-10-10' } },
    ]);
    expect(outcome.decision).toBe('NEW');
    expect(await sync(NORTH)).toMatchObject({ applied: 0, skipped: 1 });
    expect(await stored(NORTH, 'SYNC-NOT-STORED')).toBeUndefined();
  });

  it('a record whose identity consent was withdrawn keeps no GSID: the sync moves GSIDs, it never gives one back', async () => {
    const person = { firstName: 'Cordelia', lastName: 'Banerjee-Holt', birthDate: '1993-06-30', ssnLast4: '5150' };
    const north = await enroll(NORTH, 'SYNC-4', person);
    const bridge = await enroll(BRIDGE, 'SYNC-4', person);
    expect(bridge.participant.gsid).toBe(north.participant.gsid);
    // At the registry an audited split onto a GSID of its own (a link change); here the GSID is cleared.
    const consent = await graphql(
      gateway,
      `mutation { recordConsent(partnerId: "${BRIDGE}", localId: "SYNC-4", consent: { shareIdentity: false, shareRecords: true, recordedOn: "2026-03-03" }) { unlinked } }`,
      undefined,
      { token: tokens.staff(BRIDGE) },
    );
    expect(consent.data.recordConsent).toEqual({ unlinked: true });
    expect(await stored(BRIDGE, 'SYNC-4')).toBeNull();
    expect(await sync(BRIDGE)).toMatchObject({ applied: 0, withoutGsid: 1 });
    expect(await stored(BRIDGE, 'SYNC-4')).toBeNull();
  });

  it('a link change still in flight holds the feed back until it commits, so no change is passed over', async () => {
    const [link] = await coalition.registryDataSource.query(`SELECT id FROM stakeholder_link WHERE partner_id = $1 AND local_id = 'SYNC-2'`, [BRIDGE]);
    const since = await cursor(BRIDGE);
    const moved = gsidFromBytes(randomBytes(8));
    const writer = coalition.registryDataSource.createQueryRunner();
    await writer.connect();
    try {
      await writer.startTransaction();
      await writer.query('SELECT pg_advisory_xact_lock($1)', [LINKAGE_LOCK]);
      await writer.query('INSERT INTO stakeholder (gsid) VALUES ($1)', [moved]);
      await writer.query('UPDATE stakeholder_link SET gsid = $1 WHERE id = $2', [moved, link.id]);
      let answered = false;
      const reading = linker(BRIDGE)
        .linkChanges(since!)
        .finally(() => {
          answered = true;
        });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered).toBe(false);
      await writer.commitTransaction();
      const page = await reading;
      expect(page.changes).toEqual([{ localId: 'SYNC-2', gsid: moved, version: expect.any(String) }]);
      expect(BigInt(page.version)).toBeGreaterThan(BigInt(since!));
    } finally {
      if (writer.isTransactionActive) await writer.rollbackTransaction();
      await writer.release();
    }
  });

  it("a partner cannot read another partner's feed, nor the gateway, nor anyone through the public graph", async () => {
    const other = await asPartner(NORTH, { p: BRIDGE, s: '0' });
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(other.data?.linkChanges ?? null).toBeNull();
    const own = await asPartner(NORTH, { p: NORTH, s: '0', f: 1 });
    expect(own.errors).toBeUndefined();
    expect(own.data.linkChanges).toMatchObject({ changes: [expect.any(Object)], hasMore: true });

    const viaGateway = await asGateway(coalition.registry.url, 'registry', coalition.proofKeys.privateKey, FEED, { p: NORTH, s: '0' });
    expect(viaGateway.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const publicGraph = await graphql(gateway, `{ linkChanges(partnerId: "${NORTH}", since: "0") { version } }`);
    expect(publicGraph.errors?.[0].message).toMatch(/Cannot query field "linkChanges"/);
  });

  it.each([
    ['since', { s: 'abc' }],
    ['since', { s: '-1' }],
    ['since', { s: '1e3' }],
    ['since', { s: ' 1' }],
    ['since', { s: '9223372036854775808' }],
    ['first', { s: '0', f: 0 }],
    ['first', { s: '0', f: 5001 }],
  ])('refuses a bad %s (%j) with BAD_USER_INPUT naming it', async (field, variables) => {
    const result = await asPartner(NORTH, { p: NORTH, ...variables });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(result.errors?.[0].message).toContain(field);
  });

  it("the partner's client reports a refused since as BAD_USER_INPUT naming it", async () => {
    const refused = await linker(NORTH)
      .linkChanges('not-a-version')
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'since' } });
  });

  it('the migration numbers only a GSID that really moves, and its down migration removes the feed', async () => {
    const runner = coalition.registryDataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const version = async () =>
        (await runner.query(`SELECT change_version::text AS v FROM stakeholder_link WHERE partner_id = $1 AND local_id = 'SYNC-1'`, [BRIDGE]))[0].v as string;
      const start = await version();
      await runner.query(`UPDATE stakeholder_link SET method = 'MANUAL', gsid = gsid WHERE partner_id = $1 AND local_id = 'SYNC-1'`, [BRIDGE]);
      expect(await version()).toBe(start);

      const migration = registryMigrations.find((m) => m.name === 'LinkChangeFeed1732000000012')!;
      await new migration().down(runner);
      const left = await runner.query(
        `SELECT (SELECT count(*)::int FROM information_schema.columns WHERE table_name = 'stakeholder_link' AND column_name = 'change_version') AS columns,
                to_regclass('link_change_seq') IS NOT NULL AS sequence, to_regclass('stakeholder_link_change_idx') IS NOT NULL AS index,
                (SELECT count(*)::int FROM pg_trigger WHERE tgname = 'stakeholder_link_numbers_change') AS triggers`,
      );
      expect(left).toEqual([{ columns: 0, sequence: false, index: false, triggers: 0 }]);
      // Up again over existing links: each is numbered, once.
      await new migration().up(runner);
      const [numbered] = await runner.query('SELECT count(*)::int AS links, count(DISTINCT change_version)::int AS versions FROM stakeholder_link');
      expect(numbered.versions).toBe(numbered.links);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
