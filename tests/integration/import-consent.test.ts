import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_LINKAGE_SECRET, demoRegistryKey } from '@coalition/demo';
import { checkMapping, createPartnerDataSource, importFile, linkImports, RegistryLinker, type PartnerDataSource } from '@coalition/partner';
import { startTestCoalition } from '../support/coalition';
import { createTestDatabase } from '../support/database';
import { runNode } from '../support/node-command';

const dir = mkdtempSync(join(tmpdir(), 'cg-import-consent-'));
const NORTH = 'northside-training';
const NO_CONSENT = 'no consent to share identity';
const BASE = { localId: 'id', enrolledOn: 'start', sex: 'sex', programType: { value: 'TRAINING' }, firstName: 'first', lastName: 'last', birthDate: 'dob' };
const withConsent = checkMapping({
  kind: 'participants',
  fields: { ...BASE, shareIdentity: 'share id', shareRecords: 'share rec', consentRecordedOn: 'consent on' },
});
const withoutConsent = checkMapping({ kind: 'participants', fields: BASE });
const HEADER = 'id,start,sex,first,last,dob,share id,share rec,consent on';
const MAPPING_YAML = `kind: participants
fields:
  localId: id
  enrolledOn: start
  sex: sex
  programType: { value: TRAINING }
  firstName: first
  lastName: last
  birthDate: dob
  shareIdentity: share id
  shareRecords: share rec
  consentRecordedOn: consent on
`;

// K-2 says no to sharing its identity; K-3 gives no consent (the defaults); K-4 only keeps its records in.
const PEOPLE = [
  'K-1,2026-01-05,FEMALE,Wilhelmina,Ashcombe,1987-03-09,yes,yes,2026-01-02',
  'K-2,2026-01-05,MALE,Barnaby,Thistlewood,1979-10-21,no,yes,2026-01-02',
  'K-3,2026-01-05,FEMALE,Octavia,Penrose-Ly,1993-06-30,,,',
  'K-4,2026-01-05,MALE,Florian,Castellane,1968-12-01,,no,2026-01-03',
];

let files = 0;
const csv = (...rows: string[]) => {
  const path = join(dir, `participants-${++files}.csv`);
  writeFileSync(path, [HEADER, ...rows].join('\n'));
  return path;
};

describe('import consent: stored with the participant, and no identity sent without it (real PostgreSQL, a running registry)', () => {
  let coalition: Awaited<ReturnType<typeof startTestCoalition>>;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let partner: PartnerDataSource;
  const linker = () => new RegistryLinker(NORTH, { secret: DEMO_LINKAGE_SECRET, registryUrl: coalition.registry.url, registryKey: demoRegistryKey(NORTH) });
  const gsidOf = async (localId: string) =>
    (await partner.dataSource.query('SELECT gsid FROM participant WHERE local_id = $1', [localId]))[0].gsid as string | null;
  const consents = () =>
    partner.dataSource.query(
      'SELECT local_id, share_identity, share_records, recorded_on::text, updated_at FROM participant_consent ORDER BY local_id',
    ) as Promise<Array<Record<string, unknown>>>;
  const registryLinks = async (localId: string) =>
    (await coalition.registryDataSource.query('SELECT gsid FROM stakeholder_link WHERE partner_id = $1 AND local_id = $2', [NORTH, localId])).map(
      (r: { gsid: string }) => r.gsid,
    ) as string[];

  beforeAll(async () => {
    coalition = await startTestCoalition('impcon', { people: 5 });
    db = await createTestDatabase('import_consent');
    partner = createPartnerDataSource(db.url);
    await partner.dataSource.initialize();
    await partner.dataSource.runMigrations({ transaction: 'each' });
  }, 120_000);

  afterAll(async () => {
    await partner?.dataSource.destroy();
    await db?.drop();
    await coalition?.dispose();
  });

  it('stores the consent given; a person who does not share identity is never sent to the registry and keeps no GSID', async () => {
    const linking = linkImports(linker());
    const result = await importFile({
      file: csv(...PEOPLE),
      mapping: withConsent,
      dataSource: partner.dataSource,
      resolveGsids: linking.resolveGsids,
      withdrawGsids: linking.withdrawResolved,
    });
    expect(result).toMatchObject({ status: 'imported', inserted: 4, identityWithdrawn: 0 });
    expect(result.linkage).toEqual({ new: 3, autoLinked: 0, review: 0, existing: 0, notLinked: 1, notLinkedReasons: { [NO_CONSENT]: 1 } });
    expect(linking.skipped).toEqual([{ localId: 'K-2', reason: NO_CONSENT }]);

    expect((await consents()).map(({ updated_at: _, ...c }) => c)).toEqual([
      { local_id: 'K-1', share_identity: true, share_records: true, recorded_on: '2026-01-02' },
      { local_id: 'K-2', share_identity: false, share_records: true, recorded_on: '2026-01-02' },
      // shareIdentity blank: the default, yes
      { local_id: 'K-4', share_identity: true, share_records: false, recorded_on: '2026-01-03' },
    ]);
    expect(await gsidOf('K-2')).toBeNull();
    expect(await registryLinks('K-2')).toEqual([]);
    for (const id of ['K-1', 'K-3', 'K-4']) expect(await registryLinks(id)).toEqual([await gsidOf(id)]);
  });

  it('rejects bad consent values with the row, the column and the reason, and writes nothing', async () => {
    const before = await consents();
    const result = await importFile({
      file: csv(
        'K-5,2026-01-05,FEMALE,Ada,Fernsby,1990-01-01,maybe,yes,2026-01-02', // row 2
        'K-6,2026-01-05,FEMALE,Bea,Fernsby,1990-01-01,yes,yes,', // row 3
        'K-7,2026-01-05,FEMALE,Cleo,Fernsby,1990-01-01,,,2026-01-02', // row 4
        'K-8,2026-01-05,FEMALE,Dot,Fernsby,1990-01-01,no,no,2099-01-01', // row 5
        'K-9,2026-01-05,FEMALE,Eve,Fernsby,1990-01-01,yes,nope,2026-02-30', // row 6
      ),
      mapping: withConsent,
      dataSource: partner.dataSource,
      resolveGsids: linkImports(linker()).resolveGsids,
    });
    expect(result.status).toBe('rejected');
    expect(result.linkage).toBeUndefined();
    expect(result.rejections.map(({ row, column, value, reason }) => ({ row, column, value, reason }))).toEqual([
      { row: 2, column: 'share id', value: 'maybe', reason: 'shareIdentity is not yes/no (true/false, yes/no, y/n, 1/0)' },
      { row: 3, column: 'consent on', value: '', reason: 'consentRecordedOn is required when consent is given' },
      {
        row: 4,
        column: 'consent on',
        value: '2026-01-02',
        reason: 'consentRecordedOn is given without shareIdentity, shareRecords or inFigures: give the consent it records, or leave it blank',
      },
      { row: 5, column: 'consent on', value: '2099-01-01', reason: 'consentRecordedOn is in the future' },
      { row: 6, column: 'share rec', value: 'nope', reason: 'shareRecords is not yes/no (true/false, yes/no, y/n, 1/0)' },
      { row: 6, column: 'consent on', value: '2026-02-30', reason: 'consentRecordedOn is not a real calendar date' },
    ]);
    expect(await consents()).toEqual(before);
    const ids = await partner.dataSource.query("SELECT local_id FROM participant WHERE local_id LIKE 'K-_' ORDER BY local_id");
    expect(ids.map((r: { local_id: string }) => r.local_id)).toEqual(['K-1', 'K-2', 'K-3', 'K-4']);
  });

  it('a re-import without consent columns keeps the stored consent, and still sends nothing of a person who said no', async () => {
    const before = await consents();
    const linking = linkImports(linker());
    const result = await importFile({
      file: csv(...PEOPLE.map((p) => p.split(',').slice(0, 6).join(','))),
      mapping: withoutConsent,
      dataSource: partner.dataSource,
      resolveGsids: linking.resolveGsids,
    });
    expect(result).toMatchObject({ status: 'imported', inserted: 0, updated: 0, unchanged: 4, identityWithdrawn: 0 });
    expect(result.linkage).toMatchObject({ existing: 3, new: 0, notLinked: 1, notLinkedReasons: { [NO_CONSENT]: 1 } });
    expect(await consents()).toEqual(before); // updated_at included: not rewritten
    expect(await gsidOf('K-2')).toBeNull();
    expect(await registryLinks('K-2')).toEqual([]);
  });

  it('withdrawing identity consent asks the registry to unlink the record, clears the stored GSID, and says so (coalition-import run)', async () => {
    const cli = join(__dirname, '..', '..', 'subgraphs', 'partner', 'dist', 'import', 'cli.js');
    expect(existsSync(cli)).toBe(true); // built by `npm test` before jest runs
    const mappingFile = join(dir, 'mapping.yaml');
    writeFileSync(mappingFile, MAPPING_YAML);
    const linked = await gsidOf('K-1');
    expect(linked).toMatch(/^gs_/);
    const data = csv('K-1,2026-01-05,FEMALE,Wilhelmina,Ashcombe,1987-03-09,no,yes,2026-03-01');
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      LINKAGE_SECRET: DEMO_LINKAGE_SECRET,
      REGISTRY_URL: coalition.registry.url,
      REGISTRY_KEY: demoRegistryKey(NORTH),
      PARTNER_ID: NORTH,
    };
    const run = await runNode([cli, 'run', data, '--mapping', mappingFile], env);
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
    expect(run.stderr.split('\n')).toContain(
      '1 participants withdrew identity consent: taken off the people they were linked to, at the registry and here (docs/CONSENT.md)',
    );
    expect(run.stdout).toContain(`0 already linked (unchanged), 1 not linked (1 ${NO_CONSENT}).`);
    expect(run.stdout).toMatch(/: 1 rows \(0 blank skipped\), 0 rejected; written: 0 new, 1 updated, 0 unchanged\.\n$/);

    expect(await gsidOf('K-1')).toBeNull();
    const [stored] = (await consents()).filter((c) => c.local_id === 'K-1');
    expect(stored).toMatchObject({ share_identity: false, share_records: true, recorded_on: '2026-03-01' });
    // Alone on its GSID, the record had no one to be taken off: its link stays, and resolution never joins it to anyone.
    expect(await registryLinks('K-1')).toEqual([linked]);
  });
  it('an inFigures column keeps a person out of figures; other consent stays as stored', async () => {
    const path = join(dir, 'figures.csv');
    writeFileSync(path, ['id,start,sex,first,last,dob,in fig,consent on', 'K-3,2026-01-05,FEMALE,Octavia,Penrose-Ly,1993-06-30,no,2026-03-05'].join('\n'));
    const mapping = checkMapping({ kind: 'participants', fields: { ...BASE, inFigures: 'in fig', consentRecordedOn: 'consent on' } });
    const result = await importFile({ file: path, mapping, dataSource: partner.dataSource });
    expect(result.status).toBe('imported');
    const [k3] = await partner.dataSource.query(
      'SELECT share_identity, share_records, in_figures, recorded_on::text FROM participant_consent WHERE local_id = $1',
      ['K-3'],
    );
    expect(k3).toEqual({ share_identity: true, share_records: true, in_figures: false, recorded_on: '2026-03-05' });
  });
});
