import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_LINKAGE_SECRET, demoRegistryKey } from '@coalition/demo';
import { checkMapping, createPartnerDataSource, importFile, linkImports, RegistryLinker, type PartnerDataSource } from '@coalition/partner';
import { startTestCoalition } from '../support/coalition';
import { createTestDatabase } from '../support/database';
import { runNode } from '../support/node-command';

const dir = mkdtempSync(join(tmpdir(), 'cg-import-summary-'));
const [NORTH, BRIDGE] = ['northside-training', 'bridgeway-placement'];
const HEADER = 'id,start,sex,first,last,dob,phone,email';
const MAPPING_YAML = `kind: participants
fields:
  localId: id
  enrolledOn: start
  sex: sex
  programType: { value: TRAINING }
  firstName: first
  lastName: last
  birthDate: dob
  phone: phone
  email: email
`;
const mapping = checkMapping({
  kind: 'participants',
  fields: {
    localId: 'id',
    enrolledOn: 'start',
    sex: 'sex',
    programType: { value: 'TRAINING' },
    firstName: 'first',
    lastName: 'last',
    birthDate: 'dob',
    phone: 'phone',
    email: 'email',
  },
});
const NO_IDENTITY = 'no first name, last name and birth date to link by';

let files = 0;
const csv = (...rows: string[]) => {
  const path = join(dir, `participants-${++files}.csv`);
  writeFileSync(path, [HEADER, ...rows].join('\n'));
  return path;
};

async function partnerDatabase(label: string) {
  const db = await createTestDatabase(label);
  const partner = createPartnerDataSource(db.url);
  await partner.dataSource.initialize();
  await partner.dataSource.runMigrations({ transaction: 'each' });
  return { db, partner };
}

describe('import counts: a change to names or contact details is an update (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let partner: PartnerDataSource;

  beforeAll(async () => {
    ({ db, partner } = await partnerDatabase('import_counts'));
  });

  afterAll(async () => {
    await partner?.dataSource.destroy();
    await db?.drop();
  });

  it('counts a participant whose only change is in the identity table as updated, once, and stores nothing else', async () => {
    const original = [
      'P-1,2025-01-06,FEMALE,Aurelia,Stanhope,1990-04-12,614-555-0101,aurelia@example.org',
      'P-2,2025-01-06,MALE,Bertram,Quill,1985-02-01,614-555-0102,bertram@example.org',
      'P-3,2025-01-06,FEMALE,Cosima,Rutherford,1979-09-30,614-555-0103,cosima@example.org',
      'P-4,2025-01-06,MALE,Dashiell,Okafor,1995-12-24,614-555-0104,dashiell@example.org',
      'P-5,2025-01-06,FEMALE,Eulalie,Park,1988-07-07,614-555-0105,eulalie@example.org',
      'P-6,2025-01-06,MALE,,,,,',
    ];
    const first = await importFile({ file: csv(...original), mapping, dataSource: partner.dataSource });
    expect(first).toMatchObject({ status: 'imported', rows: 6, inserted: 6, updated: 0, unchanged: 0 });
    expect(await importFile({ file: csv(...original), mapping, dataSource: partner.dataSource })).toMatchObject({ inserted: 0, updated: 0, unchanged: 6 });

    const changed = await importFile({
      file: csv(
        'P-1,2025-01-06,FEMALE,Aurélia,Stanhope,1990-04-12,614-555-0101,aurelia@example.org', // first name
        'P-2,2025-01-13,MALE,Bertram,Quill-Hayes,1985-02-01,614-555-0102,bertram@example.org', // last name and enrollment date: one update
        'P-3,2025-01-06,FEMALE,Cosima,Rutherford,1979-09-30,614-555-0199,cosima@example.org', // phone
        'P-4,2025-01-06,MALE,Dashiell,Okafor,1995-12-24,614-555-0104,dash@example.org', // e-mail
        original[4], // nothing
        'P-6,2025-01-06,MALE,,,,614-555-0106,', // a phone where there was no identity row
      ),
      mapping,
      dataSource: partner.dataSource,
    });
    expect(changed).toMatchObject({ status: 'imported', rows: 6, inserted: 0, updated: 5, unchanged: 1 });

    const stored = await partner.dataSource.query(
      `SELECT p.local_id, p.enrolled_on::text, i.first_name, i.last_name, i.phone, i.email
       FROM participant p LEFT JOIN participant_identity i USING (local_id) ORDER BY p.local_id`,
    );
    expect(stored).toEqual([
      { local_id: 'P-1', enrolled_on: '2025-01-06', first_name: 'Aurélia', last_name: 'Stanhope', phone: '614-555-0101', email: 'aurelia@example.org' },
      { local_id: 'P-2', enrolled_on: '2025-01-13', first_name: 'Bertram', last_name: 'Quill-Hayes', phone: '614-555-0102', email: 'bertram@example.org' },
      { local_id: 'P-3', enrolled_on: '2025-01-06', first_name: 'Cosima', last_name: 'Rutherford', phone: '614-555-0199', email: 'cosima@example.org' },
      { local_id: 'P-4', enrolled_on: '2025-01-06', first_name: 'Dashiell', last_name: 'Okafor', phone: '614-555-0104', email: 'dash@example.org' },
      { local_id: 'P-5', enrolled_on: '2025-01-06', first_name: 'Eulalie', last_name: 'Park', phone: '614-555-0105', email: 'eulalie@example.org' },
      { local_id: 'P-6', enrolled_on: '2025-01-06', first_name: null, last_name: null, phone: '614-555-0106', email: null },
    ]);
    expect(first.linkage).toBeUndefined();
  });
});

describe("import linkage summary: the registry's decisions, counted (real PostgreSQL, a running registry)", () => {
  let coalition: Awaited<ReturnType<typeof startTestCoalition>>;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let partner: PartnerDataSource;
  const linker = (partnerId: string) =>
    new RegistryLinker(partnerId, { secret: DEMO_LINKAGE_SECRET, registryUrl: coalition.registry.url, registryKey: demoRegistryKey(partnerId) });
  const gsidOf = async (localId: string) =>
    (await partner.dataSource.query('SELECT gsid FROM participant WHERE local_id = $1', [localId]))[0].gsid as string | null;

  beforeAll(async () => {
    coalition = await startTestCoalition('impsum', { people: 20 });
    ({ db, partner } = await partnerDatabase('import_linkage'));
  }, 120_000);

  afterAll(async () => {
    await partner?.dataSource.destroy();
    await db?.drop();
    await coalition?.dispose();
  });

  // People another partner already serves: one the import matches exactly, one only nearly.
  let rosalind: string;
  let theodora: string;

  const file = () =>
    csv(
      'N-1,2026-01-05,FEMALE,Rosalind,Featherstonehaugh,1991-07-14,614-555-0142,', // the same person: auto-linked
      'N-2,2026-01-05,FEMALE,Theodosa,Papadakis,1985-03-15,,', // one letter and one day apart: review
      'N-3,2026-01-05,MALE,Ignatius,Wolstenholme,1972-05-05,,', // new to the network
      'N-4,2026-01-05,MALE,Cornelius,Vandersloot,1966-08-19,,', // new to the network
      'N-5,2026-01-05,FEMALE,Marisol,,1990-01-01,,', // no last name: not linked
      'N-6,2026-01-05,FEMALE,李,娜,1990-01-01,,', // no Latin letters: not linked
    );

  it('counts new, auto-linked, review and not-linked participants in the result, as the registry answered', async () => {
    const known = await linker(BRIDGE).link([
      { localId: 'BR-1', identity: { firstName: 'Rosalind', lastName: 'Featherstonehaugh', birthDate: '1991-07-14', sex: 'FEMALE' } },
      { localId: 'BR-2', identity: { firstName: 'Theodora', lastName: 'Papadakis', birthDate: '1985-03-14', sex: 'FEMALE' } },
    ]);
    [rosalind, theodora] = known.map((o) => o.gsid);

    const linking = linkImports(linker(NORTH));
    const result = await importFile({
      file: file(),
      mapping,
      dataSource: partner.dataSource,
      resolveGsids: linking.resolveGsids,
      withdrawGsids: linking.withdrawResolved,
    });
    expect(result).toMatchObject({ status: 'imported', inserted: 6 });
    expect(result.linkage).toEqual({
      new: 2,
      autoLinked: 1,
      review: 1,
      existing: 0,
      notLinked: 2,
      notLinkedReasons: { [NO_IDENTITY]: 1, [linking.skipped[1].reason]: 1 },
    });
    expect(linking.skipped.map((s) => s.localId)).toEqual(['N-5', 'N-6']);
    expect(linking.skipped[1].reason).toContain('firstName');
    // The counts are the registry's answers: the auto-link took the known GSID, the review did not.
    expect(await gsidOf('N-1')).toBe(rosalind);
    expect(await gsidOf('N-2')).toMatch(/^gs_/);
    expect(await gsidOf('N-2')).not.toBe(theodora);
    expect(await gsidOf('N-5')).toBeNull();
  });

  it('counts a re-import as already linked, and a changed phone as one update', async () => {
    const linking = linkImports(linker(NORTH));
    const again = await importFile({ file: file(), mapping, dataSource: partner.dataSource, resolveGsids: linking.resolveGsids });
    expect(again).toMatchObject({ status: 'imported', inserted: 0, updated: 0, unchanged: 6 });
    expect(again.linkage).toMatchObject({ new: 0, autoLinked: 0, review: 0, existing: 4, notLinked: 2 });

    const phone = await importFile({
      file: csv('N-3,2026-01-05,MALE,Ignatius,Wolstenholme,1972-05-05,614-555-0177,'),
      mapping,
      dataSource: partner.dataSource,
      resolveGsids: linkImports(linker(NORTH)).resolveGsids,
    });
    expect(phone).toMatchObject({ inserted: 0, updated: 1, unchanged: 0, linkage: { existing: 1, new: 0, notLinked: 0, notLinkedReasons: {} } });
  });

  it('a rejected import links nobody and has no linkage summary', async () => {
    const result = await importFile({
      file: csv('N-7,2026-02-30,FEMALE,Philippa,Ashdown,1970-01-01,,'),
      mapping,
      dataSource: partner.dataSource,
      resolveGsids: linkImports(linker(NORTH)).resolveGsids,
    });
    expect(result.status).toBe('rejected');
    expect(result.linkage).toBeUndefined();
  });

  it('coalition-import run prints the decisions on one line', async () => {
    const cli = join(__dirname, '..', '..', 'subgraphs', 'partner', 'dist', 'import', 'cli.js');
    expect(existsSync(cli)).toBe(true); // built by `npm test` before jest runs
    const mappingFile = join(dir, 'mapping.yaml');
    writeFileSync(mappingFile, MAPPING_YAML);
    const data = csv(
      'C-1,2026-03-02,FEMALE,Rosalind,Featherstonehaugh,1991-07-14,,', // the person N-1 is: auto-linked
      'C-2,2026-03-02,MALE,Leopold,Fairweather-Sands,1958-11-11,,', // new
      'C-3,2026-03-02,MALE,Anselm,,,,', // not linked
    );
    const env = {
      ...process.env,
      DATABASE_URL: db.url,
      LINKAGE_SECRET: DEMO_LINKAGE_SECRET,
      REGISTRY_URL: coalition.registry.url,
      REGISTRY_KEY: demoRegistryKey(NORTH),
      PARTNER_ID: NORTH,
    };
    const run = () => runNode([cli, 'run', data, '--mapping', mappingFile], env);
    const first = await run();
    expect({ status: first.status, stderr: first.stderr }).toMatchObject({ status: 0 });
    const lines = first.stdout.trim().split('\n');
    expect(lines).toContain(
      'linkage: 1 new to the network, 1 auto-linked to a person the network already knows, 0 sent to review (possible match), ' +
        `0 already linked (unchanged), 1 not linked (1 ${NO_IDENTITY}).`,
    );
    expect(lines.at(-1)).toMatch(/: 3 rows \(0 blank skipped\), 0 rejected; written: 3 new, 0 updated, 0 unchanged\.$/);
    expect(await gsidOf('C-1')).toBe(rosalind);

    const second = await run();
    expect({ status: second.status, stderr: second.stderr }).toMatchObject({ status: 0 });
    expect(second.stdout).toContain(
      `linkage: 0 new to the network, 0 auto-linked to a person the network already knows, 0 sent to review (possible match), 2 already linked (unchanged), 1 not linked (1 ${NO_IDENTITY}).`,
    );
  });
});
