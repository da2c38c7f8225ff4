import { linkImports, RegistryLinker, type ImportedParticipant } from '@coalition/partner';
import { DEMO_LINKAGE_SECRET, demoRegistryKey } from '@coalition/demo';
import { graphql, tokens } from '../support/graphql';
import { startTestCoalition } from '../support/coalition';

type TestCoalition = Awaited<ReturnType<typeof startTestCoalition>>;

const ENROLL = `mutation($p: ID!, $i: EnrollParticipantInput!) {
  enrollParticipant(partnerId: $p, input: $i) { decision participant { localId gsid } }
}`;
const base = { sex: 'FEMALE', raceEthnicity: ['ASIAN'], enrolledOn: '2026-03-02', programType: 'TRAINING', countyFips: '39035' };
const [NORTH, BRIDGE, STEADY] = ['northside-training', 'bridgeway-placement', 'steadypath-coaching'];

// Every personal value this test enrolls, to look for where it must never be.
const PEOPLE = {
  rosalind: {
    firstName: 'Rosalind',
    lastName: 'Featherstonehaugh',
    birthDate: '1991-07-14',
    ssnLast4: '4821',
    phone: '614-555-0142',
    email: 'rosalind.f@example.org',
  },
  marcus: { firstName: 'Marcus', lastName: 'Okonkwo', birthDate: '2001-02-09', sex: 'MALE', phone: '614-555-0177' },
  malcolm: { firstName: 'Malcolm', lastName: 'Okonkwo', birthDate: '2001-02-09', sex: 'MALE', phone: '614-555-0177' },
  ingrid: { firstName: 'Ingrid', lastName: 'Vasquez-Holm', birthDate: '1968-11-30', email: 'ingrid.vh@example.org' },
  theodora: { firstName: 'Theodora', lastName: 'Papadakis', birthDate: '1985-03-14' },
  theodosa: { firstName: 'Theodosa', lastName: 'Papadakis', birthDate: '1985-03-15' },
};

describe('linkage through the gateway (partners enroll, the registry links, analysts review)', () => {
  let coalition: TestCoalition;
  let gateway: string;
  const logs: string[] = [];

  beforeAll(async () => {
    coalition = await startTestCoalition('link', { log: (m) => logs.push(m) });
    gateway = coalition.gateway.url;
  });

  afterAll(async () => {
    await coalition?.dispose();
  });

  const enroll = async (partnerId: string, localId: string, person: Record<string, unknown>) => {
    const result = await graphql(gateway, ENROLL, { p: partnerId, i: { ...base, localId, ...person } }, { token: tokens.staff(partnerId) });
    expect(result.errors).toBeUndefined();
    return result.data.enrollParticipant as { decision: string; participant: { localId: string; gsid: string } };
  };
  const person = async (gsid: string) =>
    (await graphql(gateway, `{ stakeholder(gsid: "${gsid}") { gsid links { partnerId localId method } records { partnerId localId } } }`)).data.stakeholder;

  it('two partners enroll one person, one with a typo in the last name: one GSID', async () => {
    const first = await enroll(NORTH, 'LNK-1', PEOPLE.rosalind);
    const second = await enroll(BRIDGE, 'LNK-1', { ...PEOPLE.rosalind, lastName: 'Featherstonhaugh', ssnLast4: null, email: null });
    expect(first.decision).toBe('NEW');
    expect(second.decision).toBe('AUTO_LINK');
    expect(second.participant.gsid).toBe(first.participant.gsid);
    const found = await person(first.participant.gsid);
    expect(found.records.map((r: { partnerId: string }) => r.partnerId).sort()).toEqual([BRIDGE, NORTH].sort());
    expect(found.links.map((l: { method: string }) => l.method).sort()).toEqual(['NEW', 'PROBABILISTIC']);
  });

  it('twins (same last name, birth date and phone, different first names) stay two GSIDs', async () => {
    const marcus = await enroll(NORTH, 'LNK-2', PEOPLE.marcus);
    const malcolm = await enroll(STEADY, 'LNK-2', PEOPLE.malcolm);
    expect(malcolm.participant.gsid).not.toBe(marcus.participant.gsid);
    expect(malcolm.decision).not.toBe('AUTO_LINK');
  });

  it('a split holds when the same records are resolved again, and only a re-join undoes it', async () => {
    const a = await enroll(NORTH, 'LNK-3', PEOPLE.ingrid);
    const b = await enroll(STEADY, 'LNK-3', PEOPLE.ingrid);
    expect(b.participant.gsid).toBe(a.participant.gsid);
    const original = a.participant.gsid;

    const split = await graphql(
      gateway,
      `mutation { splitLink(partnerId: "${STEADY}", localId: "LNK-3", reason: "different person, checked with the partner") { id kind gsid candidateGsid actor reason } }`,
      undefined,
      { token: tokens.backbone('analyst.kim') },
    );
    expect(split.errors).toBeUndefined();
    const splitOff = split.data.splitLink.gsid;
    expect(split.data.splitLink).toMatchObject({ kind: 'SPLIT', candidateGsid: original, actor: 'analyst.kim' });

    const again = [await enroll(NORTH, 'LNK-3', PEOPLE.ingrid), await enroll(STEADY, 'LNK-3', PEOPLE.ingrid)];
    expect(again.map((e) => e.decision)).toEqual(['EXISTING', 'EXISTING']);
    expect(again.map((e) => e.participant.gsid)).toEqual([original, splitOff]);
    expect((await person(original)).records.map((r: { partnerId: string }) => r.partnerId)).toEqual([NORTH]);

    const merge = await graphql(
      gateway,
      `mutation { mergeStakeholders(survivor: "${original}", absorbed: "${splitOff}", reason: "looks the same") { id } }`,
      undefined,
      { token: tokens.backbone('analyst.lee') },
    );
    expect(merge.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', decisionId: split.data.splitLink.id } });

    const rejoin = await graphql(
      gateway,
      `mutation { rejoinSplit(id: "${split.data.splitLink.id}", reason: "partner confirmed: same person") { kind gsid } }`,
      undefined,
      { token: tokens.backbone('analyst.kim') },
    );
    expect(rejoin.data.rejoinSplit).toEqual({ kind: 'REJOIN', gsid: original });
    // The split-off GSID keeps resolving, to the survivor, with both records.
    const rejoined = await person(splitOff);
    expect(rejoined.gsid).toBe(original);
    expect(rejoined.records.map((r: { partnerId: string }) => r.partnerId).sort()).toEqual([NORTH, STEADY].sort());
  });

  it('a possible match waits in the review queue; confirming it merges the two GSIDs with an audit trail', async () => {
    const a = await enroll(NORTH, 'LNK-4', PEOPLE.theodora);
    const b = await enroll(BRIDGE, 'LNK-4', PEOPLE.theodosa);
    expect(b.decision).toBe('POSSIBLE_MATCH');
    expect(b.participant.gsid).not.toBe(a.participant.gsid);

    // A stronger possible match: the same person with the birth year off by one (review, never auto).
    const c = await enroll(NORTH, 'LNK-5', { ...PEOPLE.rosalind, firstName: 'Wilhelmina', lastName: 'Abernathy-Quist', birthDate: '1979-05-05' });
    const d = await enroll(STEADY, 'LNK-5', {
      ...PEOPLE.rosalind,
      firstName: 'Wilhelmina',
      lastName: 'Abernathy-Quist',
      birthDate: '1980-05-05',
      ssnLast4: null,
    });
    expect(c.decision).toBe('NEW');
    expect(d.decision).toBe('POSSIBLE_MATCH');

    const queue = await graphql(
      gateway,
      `{ reviewQueue { id kind partnerId localId gsid candidateGsid score matchProbability reviewStatus candidate { gsid }
          evidence { fields { field agreement level weight } crossedNames nameFrequency nameFrequencyWeight blockers weights } } }`,
    );
    expect(queue.errors).toBeUndefined();
    const items = queue.data.reviewQueue as Array<{ matchProbability: number; partnerId: string; localId: string }>;
    // Ordered by how likely each pair is one person, not by arrival.
    expect(items.map((i) => i.matchProbability)).toEqual([...items.map((i) => i.matchProbability)].sort((x, y) => y - x));
    const near = queue.data.reviewQueue.find((i: { partnerId: string; localId: string }) => i.partnerId === STEADY && i.localId === 'LNK-5');
    expect(near.evidence.blockers).toEqual(['BIRTH_YEAR_NEAR']);
    expect(near.evidence.fields.find((f: { field: string }) => f.field === 'dob')).toMatchObject({ agreement: 'PARTIAL', level: 'YEAR_NEAR' });
    const item = queue.data.reviewQueue.find((d: { localId: string; partnerId: string }) => d.partnerId === BRIDGE && d.localId === 'LNK-4');
    expect(items.indexOf(near)).toBeLessThan(items.indexOf(item));
    // The evidence a reviewer sees: every field's agreement (never a value), the score's parts, the name's class.
    expect(item.evidence.fields.map((f: { field: string }) => f.field)).toEqual(['first', 'last', 'dob', 'sex', 'ssn4', 'phone', 'email', 'suffix']);
    expect(Object.fromEntries(item.evidence.fields.map((f: { field: string; agreement: string }) => [f.field, f.agreement]))).toMatchObject({
      first: 'PARTIAL',
      last: 'AGREE',
      dob: 'PARTIAL',
      ssn4: 'MISSING',
    });
    const parts = item.evidence.fields.reduce((sum: number, f: { weight: number }) => sum + f.weight, item.evidence.nameFrequencyWeight);
    expect(parts).toBeCloseTo(item.score, 1);
    expect(item.evidence).toMatchObject({ nameFrequency: 'UNIQUE', crossedNames: false, weights: 'HAND' });
    expect(item.matchProbability).toBeGreaterThan(0);
    expect(item.matchProbability).toBeLessThan(near.matchProbability);
    expect(item).toMatchObject({
      kind: 'POSSIBLE_MATCH',
      gsid: b.participant.gsid,
      candidateGsid: a.participant.gsid,
      reviewStatus: 'OPEN',
      candidate: { gsid: a.participant.gsid },
    });
    expect(item.score).toBeGreaterThanOrEqual(7);
    expect(item.score).toBeLessThan(12);

    const confirm = await graphql(
      gateway,
      `mutation { confirmMatch(id: "${item.id}", reason: "same intake form, typo in the name") { kind gsid } }`,
      undefined,
      { token: tokens.backbone('analyst.ortiz') },
    );
    expect(confirm.data.confirmMatch).toEqual({ kind: 'CONFIRM', gsid: a.participant.gsid });
    const merged = await person(b.participant.gsid);
    expect(merged.gsid).toBe(a.participant.gsid);
    expect(merged.records).toHaveLength(2);
    const trail = await graphql(gateway, `{ stakeholder(gsid: "${a.participant.gsid}") { decisions { kind actor reason } } }`);
    expect(trail.data.stakeholder.decisions.map((d: { kind: string }) => d.kind)).toEqual(['NEW', 'POSSIBLE_MATCH', 'CONFIRM']);
    expect(trail.data.stakeholder.decisions[2]).toEqual({ kind: 'CONFIRM', actor: 'analyst.ortiz', reason: 'same intake form, typo in the name' });
    // The reviewer's decision is kept with the pattern it was made on (to re-estimate thresholds from decisions).
    const decided = await graphql(gateway, `{ stakeholder(gsid: "${a.participant.gsid}") { decisions { kind evidence { fields { field level } } } } }`);
    const confirmed = decided.data.stakeholder.decisions.find((x: { kind: string }) => x.kind === 'CONFIRM');
    expect(confirmed.evidence).toEqual({ fields: item.evidence.fields.map(({ field, level }: { field: string; level: string }) => ({ field, level })) });

    const twice = await graphql(gateway, `mutation { confirmMatch(id: "${item.id}", reason: "b") { id } }`);
    expect(twice.errors?.[0].message).toContain('already confirmed');
  });

  it.each([
    ['birthDate', { birthDate: '2099-01-01' }, 'in the future'],
    ['firstName', { firstName: '  ' }, 'empty'],
    ['ssnLast4', { ssnLast4: '12-4' }, '4 digits'],
    ['email', { email: 'no-at-sign' }, 'e-mail'],
  ])('refuses a bad %s with the field named, writing nothing', async (field, change, reason) => {
    const result = await graphql(
      gateway,
      ENROLL,
      { p: NORTH, i: { ...base, ...PEOPLE.rosalind, localId: `BAD-${field}`, ...change } },
      { token: tokens.staff(NORTH) },
    );
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(result.errors?.[0].message).toContain(reason);
    const lookup = await graphql(gateway, `{ participant(partnerId: "${NORTH}", localId: "BAD-${field}") { localId } }`);
    expect(lookup.data.participant).toBeNull();
  });

  it('the registry resolution API is not part of the public graph', async () => {
    const result = await graphql(gateway, 'mutation { resolveIdentities(partnerId: "x", records: []) { gsid } }');
    expect(result.errors?.[0].message).toMatch(/Cannot query field "resolveIdentities"/);
  });

  it("no name, birth date or identifier reaches the registry's database or any log", async () => {
    const raw = Object.values(PEOPLE).flatMap((p) => [
      p.firstName,
      p.lastName,
      p.firstName.toUpperCase(),
      p.lastName.toUpperCase().replace(/-/g, ''),
      p.birthDate,
      p.birthDate.replace(/-/g, ''),
      ...('ssnLast4' in p ? [p.ssnLast4] : []),
      ...('phone' in p ? [p.phone, p.phone.replace(/-/g, '')] : []),
      ...('email' in p ? [p.email] : []),
    ]);
    const tables: Array<{ table_name: string }> = await coalition.registryDataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['stakeholder_link', 'linkage_encoding', 'linkage_key', 'link_decision']));
    for (const { table_name } of tables) {
      const rows: Array<{ row: string }> = await coalition.registryDataSource.query(`SELECT t::text AS row FROM "${table_name}" t`);
      const text = rows
        .map((r) => r.row)
        .join('\n')
        .toUpperCase();
      for (const value of raw)
        expect({ table: table_name, found: text.includes(value.toUpperCase()) ? value : null }).toEqual({ table: table_name, found: null });
    }
    const logText = logs.join('\n').toUpperCase();
    for (const value of raw) expect(logText.includes(value.toUpperCase()) ? value : null).toBeNull();
  });

  it('links imported participants in batches, and lists the ones it cannot link', async () => {
    const row = (localId: string, identity: Partial<ImportedParticipant['identity']>): ImportedParticipant => ({
      local_id: localId,
      gsid: null,
      enrolled_on: '2026-01-05',
      exited_on: null,
      program_type: 'PLACEMENT',
      sex: 'FEMALE',
      race_ethnicity: [],
      birth_year: 1991,
      county_fips: null,
      identity: { first_name: null, last_name: null, birth_date: null, ssn_last4: null, phone: null, email: null, ...identity },
    });
    const known = (await graphql(gateway, `{ participant(partnerId: "${NORTH}", localId: "LNK-1") { gsid } }`)).data.participant.gsid;
    const linking = linkImports(
      new RegistryLinker(STEADY, { secret: DEMO_LINKAGE_SECRET, registryUrl: coalition.registry.url, registryKey: demoRegistryKey(STEADY) }),
    );
    const gsids = await linking.resolveGsids([
      row('IMP-1', { first_name: 'Rosalind', last_name: 'Featherstonehaugh', birth_date: '1991-07-14', email: 'rosalind.f@example.org' }),
      row('IMP-2', { first_name: 'Rosalind' }),
      row('IMP-3', { first_name: '李', last_name: '娜', birth_date: '1990-01-01' }),
    ]);
    expect(gsids.get('IMP-1')).toBe(known);
    expect([...gsids.keys()]).toEqual(['IMP-1']);
    expect(linking.skipped.map((s) => s.localId)).toEqual(['IMP-2', 'IMP-3']);
    expect(linking.skipped[1].reason).toContain('firstName');
  });

  it('with the registry down, enrollment fails clearly and writes nothing', async () => {
    await coalition.registry.stop();
    const result = await graphql(gateway, ENROLL, { p: STEADY, i: { ...base, ...PEOPLE.rosalind, localId: 'LNK-DOWN' } }, { token: tokens.staff(STEADY) });
    expect(result.errors?.[0].extensions?.code).toBe('REGISTRY_UNAVAILABLE');
    expect(result.errors?.[0].message).toContain('Nothing was written');
    const lookup = await graphql(gateway, `{ participant(partnerId: "${STEADY}", localId: "LNK-DOWN") { localId } }`);
    expect(lookup.data.participant).toBeNull();
  });
});
