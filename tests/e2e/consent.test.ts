import { startTestCoalition } from '../support/coalition';
import { graphql, tokens } from '../support/graphql';

/**
 * Consent is honoured across the coalition (docs/CONSENT.md): without identity consent nothing
 * reaches the registry; withdrawing it unlinks the record at once (an audited split) and the next
 * figure counts the person's records apart; without record-sharing consent nobody outside the
 * partner, the backbone included, reads the records. Real registry, partners and gateway.
 */
const EXITERS = `{ networkIndicator(code: "EXITERS", period: { programYear: 2024 }) { total { current { people } } } }`;
const ENROLL = `mutation($p: ID!, $i: EnrollParticipantInput!) { enrollParticipant(partnerId: $p, input: $i) { decision participant { localId gsid } } }`;
const CONSENT = `mutation($p: ID!, $l: ID!, $c: ConsentInput!) { recordConsent(partnerId: $p, localId: $l, consent: $c) { localId unlinked consent { shareIdentity shareRecords recordedOn } } }`;
const PERSON = (gsid: string) => `{ stakeholder(gsid: "${gsid}") { links { partnerId localId } records { partnerId localId } } }`;
const OWN = `query($p: ID!, $l: ID!) { participant(partnerId: $p, localId: $l) { localId gsid consent { shareIdentity shareRecords inFigures recordedOn } } }`;

describe('consent at the partner, honoured by the registry, the gateway and every reader', () => {
  let coalition: Awaited<ReturnType<typeof startTestCoalition>>;
  let gateway: string;
  const ask = (query: string, variables: Record<string, unknown>, token: string) => graphql(gateway, query, variables, { token });
  const exiters = async () => (await ask(EXITERS, {}, tokens.backbone())).data.networkIndicator.total.current.people as number;

  beforeAll(async () => {
    coalition = await startTestCoalition('consent');
    gateway = coalition.gateway.url;
  }, 120_000);

  afterAll(async () => {
    await coalition?.dispose();
  });

  it('without identity consent, enrollment sends nothing to the registry and keeps no GSID', async () => {
    const [partner] = [...coalition.partners.keys()];
    const input = {
      localId: 'NOCONSENT-1',
      firstName: 'Odalys',
      lastName: 'Ferreira-Nunes',
      birthDate: '1989-03-14',
      sex: 'FEMALE',
      enrolledOn: '2026-02-02',
      programType: 'TRAINING',
      consent: { shareIdentity: false, shareRecords: true, recordedOn: '2026-02-02' },
    };
    const result = await ask(ENROLL, { p: partner, i: input }, tokens.staff(partner));
    expect(result.errors).toBeUndefined();
    expect(result.data.enrollParticipant).toEqual({ decision: 'NOT_LINKED', participant: { localId: 'NOCONSENT-1', gsid: null } });
    const links = await coalition.registryDataSource.query('SELECT count(*)::int AS n FROM stakeholder_link WHERE partner_id = $1 AND local_id = $2', [
      partner,
      'NOCONSENT-1',
    ]);
    expect(links[0].n).toBe(0);
    const bad = await ask(
      ENROLL,
      { p: partner, i: { ...input, localId: 'NOCONSENT-2', consent: { ...input.consent, recordedOn: '2099-01-01' } } },
      tokens.staff(partner),
    );
    expect(bad.errors?.[0].message).toMatch(/consent\.recordedOn: is in the future/);
  });

  it('withdrawing identity consent unlinks the record at once: the next person view and the next figure show it', async () => {
    // A person who left a program in PY2024 at two partners, linked under one GSID: counted once.
    const [a, b] = [...coalition.partners.keys()];
    const exitedAt = async (partner: string) =>
      coalition.partners
        .get(partner)!
        .database.dataSource.query(`SELECT local_id, gsid FROM participant WHERE gsid IS NOT NULL AND exited_on BETWEEN '2024-07-01' AND '2025-06-30'`);
    const atA = new Map<string, string>((await exitedAt(a)).map((r: { gsid: string; local_id: string }) => [r.gsid, r.local_id]));
    const shared = (await exitedAt(b)).find((r: { gsid: string }) => atA.has(r.gsid));
    expect(shared).toBeDefined();
    const before = await exiters();
    const view = await ask(PERSON(shared.gsid), {}, tokens.backbone());
    expect(view.data.stakeholder.records.map((r: { partnerId: string }) => r.partnerId).sort()).toEqual([a, b].sort());

    const withdrawn = await ask(
      CONSENT,
      { p: b, l: shared.local_id, c: { shareIdentity: false, shareRecords: false, recordedOn: '2026-03-01' } },
      tokens.staff(b),
    );
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data.recordConsent).toEqual({
      localId: shared.local_id,
      unlinked: true,
      consent: { shareIdentity: false, shareRecords: false, recordedOn: '2026-03-01' },
    });
    // The registry split it off, as the partner, with the reason; the partner's copy has no GSID.
    const [split] = await coalition.registryDataSource.query(
      `SELECT kind, actor, reason FROM link_decision WHERE partner_id = $1 AND local_id = $2 AND kind = 'SPLIT'`,
      [b, shared.local_id],
    );
    expect(split).toEqual({ kind: 'SPLIT', actor: `partner:${b}`, reason: 'consent revoked' });
    const after = await ask(PERSON(shared.gsid), {}, tokens.backbone());
    expect(after.data.stakeholder.links.map((l: { partnerId: string }) => l.partnerId)).toEqual([a]);
    expect(after.data.stakeholder.records.map((r: { partnerId: string }) => r.partnerId)).toEqual([a]);
    // Counted by GSID, the two records are now two people.
    expect(await exiters()).toBe(before + 1);

    // Its own staff still read it, with its consent; nobody outside the partner does.
    const own = await ask(OWN, { p: b, l: shared.local_id }, tokens.staff(b));
    expect(own.data.participant).toEqual({
      localId: shared.local_id,
      gsid: null,
      consent: { shareIdentity: false, shareRecords: false, inFigures: true, recordedOn: '2026-03-01' },
    });
    const backbone = await ask(
      `query($p: ID!, $l: ID!) { participant(partnerId: $p, localId: $l) { localId } }`,
      { p: b, l: shared.local_id },
      tokens.backbone(),
    );
    expect(backbone.data?.participant ?? null).toBeNull();
  });

  it('out of figures: the next network figure no longer counts the person, and the partner still holds the record', async () => {
    // Someone who left a program in PY2024 at one partner only: counted through that record alone.
    const records = await Promise.all(
      [...coalition.partners.keys()].map(async (partner) =>
        (
          await coalition.partners
            .get(partner)!
            .database.dataSource.query(
              `SELECT local_id, gsid, exited_on BETWEEN '2024-07-01' AND '2025-06-30' AS exited FROM participant WHERE gsid IS NOT NULL`,
            )
        ).map((r: { local_id: string; gsid: string; exited: boolean }) => ({ ...r, partner })),
      ),
    );
    const holders = new Map<string, number>();
    for (const r of records.flat()) holders.set(r.gsid, (holders.get(r.gsid) ?? 0) + 1);
    const alone = records.flat().find((r) => r.exited && holders.get(r.gsid) === 1);
    expect(alone).toBeDefined();
    const before = await exiters();
    const count = async () => (await ask('{ network { participantCount { total } } }', {}, tokens.backbone())).data.network.participantCount.total as number;
    const countBefore = await count();
    const out = await ask(
      CONSENT,
      { p: alone!.partner, l: alone!.local_id, c: { shareIdentity: true, shareRecords: true, inFigures: false, recordedOn: '2026-03-04' } },
      tokens.staff(alone!.partner),
    );
    expect(out.errors).toBeUndefined();
    expect(await exiters()).toBe(before - 1);
    expect(await count()).toBe(countBefore - 1);
    const own = await ask(OWN, { p: alone!.partner, l: alone!.local_id }, tokens.staff(alone!.partner));
    expect(own.data.participant.consent).toEqual({ shareIdentity: true, shareRecords: true, inFigures: false, recordedOn: '2026-03-04' });
  });

  it('without record-sharing consent, the backbone does not read the records; the figures still count them', async () => {
    const [, , c] = [...coalition.partners.keys()];
    const [linked] = await coalition.partners
      .get(c)!
      .database.dataSource.query(`SELECT local_id, gsid FROM participant WHERE gsid IS NOT NULL AND exited_on BETWEEN '2024-07-01' AND '2025-06-30' LIMIT 1`);
    const before = await exiters();
    const seen = await ask(PERSON(linked.gsid), {}, tokens.backbone());
    expect(seen.data.stakeholder.records.map((r: { localId: string }) => r.localId)).toContain(linked.local_id);
    const kept = await ask(CONSENT, { p: c, l: linked.local_id, c: { shareIdentity: true, shareRecords: false, recordedOn: '2026-03-02' } }, tokens.staff(c));
    expect(kept.data.recordConsent.unlinked).toBe(false);
    const hidden = await ask(PERSON(linked.gsid), {}, tokens.backbone());
    expect(hidden.data.stakeholder.records.map((r: { localId: string }) => r.localId)).not.toContain(linked.local_id);
    const list = await ask(`query($p: ID!) { participants(partnerId: $p, first: 500) { nodes { localId } } }`, { p: c }, tokens.backbone());
    expect(list.data.participants.nodes.map((n: { localId: string }) => n.localId)).not.toContain(linked.local_id);
    expect(await exiters()).toBe(before);
    // Consent is recorded by that partner's staff only.
    const other = await ask(CONSENT, { p: c, l: linked.local_id, c: { shareIdentity: true, shareRecords: true, recordedOn: '2026-03-03' } }, tokens.backbone());
    expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
