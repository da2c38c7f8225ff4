import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_LINKAGE_SECRET, demoRegistryKey } from '@coalition/demo';
import { createPartnerDataSource, RegistryLinker, type PartnerDataSource } from '@coalition/partner';
import { startTestCoalition } from '../support/coalition';
import { createTestDatabase } from '../support/database';
import { runNode } from '../support/node-command';

// The legacy agency signs as a demo partner whose local ids ("SPC/...") cannot collide with its "BW..." ids.
const [AGENCY, NORTH] = ['steadypath-coaching', 'northside-training'];
const cli = join(__dirname, '..', '..', 'subgraphs', 'partner', 'dist', 'db', 'link-cli.js');
const NO_IDENTITY = 'no first name, last name and birth date to link by';

/** Runs coalition-link; not spawnSync: the registry answers from this process, so its event loop must keep running. */
function link(env: Record<string, string | undefined>, args = ['--schema', 'coalition']) {
  return runNode([cli, ...args], env);
}

describe('coalition-link: GSIDs for a partner on its own database (real PostgreSQL, a running registry)', () => {
  let coalition: Awaited<ReturnType<typeof startTestCoalition>>;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let legacy: PartnerDataSource;
  let env: Record<string, string | undefined>;
  let rosalind: string;

  const view = async () =>
    Object.fromEntries(
      (await legacy.dataSource.query('SELECT local_id, gsid FROM coalition.participant ORDER BY local_id')).map((r: { local_id: string; gsid: string }) => [
        r.local_id,
        r.gsid,
      ]),
    );
  const links = async () =>
    Object.fromEntries(
      (await legacy.dataSource.query('SELECT local_id, gsid FROM coalition.gsid_link ORDER BY local_id')).map((r: { local_id: string; gsid: string }) => [
        r.local_id,
        r.gsid,
      ]),
    );

  beforeAll(async () => {
    coalition = await startTestCoalition('ownlink', { people: 10 });
    db = await createTestDatabase('own_link');
    legacy = createPartnerDataSource(db.url);
    await legacy.dataSource.initialize();
    await legacy.dataSource.query(readFileSync(join(__dirname, '..', '..', 'subgraphs', 'partner', 'examples', 'legacy-schema.sql'), 'utf8'));
    await legacy.dataSource.query(`
      INSERT INTO county_lookup VALUES ('Franklin', '39049');
      INSERT INTO clients (client_no, gender, race_codes, dob, county_name, program, intake_date, gsid) VALUES
        (70001, 'F', 'W', '1991-07-14', 'Franklin', 'JOBPLACE', '2026-01-05', NULL),
        (70002, 'M', 'B', '1972-05-05', 'Franklin', 'JOBPLACE', '2026-01-05', NULL),
        (70003, 'F', 'A', '1990-01-01', 'Franklin', 'JOBPLACE', '2026-01-05', NULL),
        (70004, 'M', 'H', '1966-08-19', 'Franklin', 'JOBPLACE', '2026-01-05', NULL),
        (70005, 'U', '',  '1980-02-02', 'Franklin', 'JOBPLACE', '2026-01-05', NULL);
      INSERT INTO client_contacts VALUES
        (70001, 'Rosalind', 'Featherstonehaugh', '614-555-0142', NULL),
        (70002, 'Ignatius', 'Wolstenholme', NULL, 'ignatius@example.org'),
        (70003, 'Marisol', NULL, NULL, NULL),
        (70004, 'Cornelius', 'Vandersloot', NULL, NULL),
        (70005, 'Perpetua', 'Quigley-Ashworth', NULL, NULL);
      -- Consent as the agency records it (the example leaves participant_consent out: it is optional).
      CREATE TABLE client_consents (client_no integer PRIMARY KEY REFERENCES clients, shares_identity boolean NOT NULL);
      INSERT INTO client_consents VALUES (70004, false), (70001, true);
      CREATE VIEW coalition.participant_consent AS
        SELECT 'BW' || lpad(client_no::text, 5, '0') AS local_id, shares_identity AS share_identity, true AS share_records,
               true AS in_figures, NULL::date AS recorded_on, NULL::timestamptz AS updated_at
        FROM client_consents;
    `);
    // A person another partner already serves: the agency's client 70001 is the same person.
    [{ gsid: rosalind }] = await new RegistryLinker(NORTH, {
      secret: DEMO_LINKAGE_SECRET,
      registryUrl: coalition.registry.url,
      registryKey: demoRegistryKey(NORTH),
    }).link([{ localId: 'N-1', identity: { firstName: 'Rosalind', lastName: 'Featherstonehaugh', birthDate: '1991-07-14', sex: 'FEMALE' } }]);
    env = {
      ...process.env,
      DATABASE_URL: db.url,
      PARTNER_ID: AGENCY,
      LINKAGE_SECRET: DEMO_LINKAGE_SECRET,
      REGISTRY_URL: coalition.registry.url,
      REGISTRY_KEY: demoRegistryKey(AGENCY),
    };
  }, 120_000);

  afterAll(async () => {
    await legacy?.dataSource.destroy();
    await db?.drop();
    await coalition?.dispose();
  });

  it('links the people, stores their GSIDs in gsid_link, and the participant view shows them', async () => {
    expect(existsSync(cli)).toBe(true); // built by `npm test` before jest runs
    const first = await link(env);
    expect({ status: first.status, stderr: first.stderr }).toMatchObject({ status: 0 });
    expect(first.stdout.trim().split('\n')).toEqual([
      'linkage: 2 new to the network, 1 auto-linked to a person the network already knows, 0 sent to review (possible match), ' +
        `0 already linked (unchanged), 2 not linked (1 no consent to share identity; 1 ${NO_IDENTITY}).`,
    ]);
    expect(first.stderr).toContain('2 participants were not linked to a GSID: BW70003 (no first name');
    expect(first.stderr).not.toMatch(/Vandersloot|Marisol/);

    const stored = await links();
    expect(Object.keys(stored)).toEqual(['BW70001', 'BW70002', 'BW70005']);
    // The same person as another partner's record: that person's GSID.
    expect(stored.BW70001).toBe(rosalind);
    expect(stored.BW70002).toMatch(/^gs_/);
    expect(stored.BW70005).toMatch(/^gs_/);
    expect(new Set(Object.values(stored)).size).toBe(3);
    expect(await view()).toEqual({ ...stored, BW70003: null, BW70004: null });

    // The person who did not consent was never sent: the registry has no record of that local id.
    const sent: Array<{ local_id: string }> = await coalition.registryDataSource.query(
      'SELECT local_id FROM stakeholder_link WHERE partner_id = $1 ORDER BY local_id',
      [AGENCY],
    );
    expect(sent.map((r) => r.local_id).filter((id) => id.startsWith('BW'))).toEqual(['BW70001', 'BW70002', 'BW70005']);
  });

  it('a second run finds everyone already linked and changes nothing', async () => {
    const before = await links();
    const second = await link(env);
    expect({ status: second.status, stderr: second.stderr }).toMatchObject({ status: 0 });
    expect(second.stdout.trim()).toBe(
      'linkage: 0 new to the network, 0 auto-linked to a person the network already knows, 0 sent to review (possible match), ' +
        `3 already linked (unchanged), 2 not linked (1 no consent to share identity; 1 ${NO_IDENTITY}).`,
    );
    expect(await links()).toEqual(before);
  });

  it('a withdrawn identity consent takes the person off the one they were linked to, at the registry and in gsid_link', async () => {
    await legacy.dataSource.query('UPDATE public.client_consents SET shares_identity = false WHERE client_no = 70001');
    try {
      const third = await link(env);
      expect({ status: third.status }).toEqual({ status: 0 });
      expect(third.stderr).toContain('1 participants withdrew identity consent: taken off the people they were linked to, at the registry and here');
      expect(Object.keys(await links())).toEqual(['BW70002', 'BW70005']);
      // Rosalind's other record keeps the GSID; this one was split off it, audited as the partner.
      const [split] = await coalition.registryDataSource.query(
        `SELECT kind, actor, reason FROM link_decision WHERE partner_id = $1 AND local_id = 'BW70001' AND kind = 'SPLIT'`,
        [AGENCY],
      );
      expect(split).toEqual({ kind: 'SPLIT', actor: `partner:${AGENCY}`, reason: 'consent revoked' });
    } finally {
      await legacy.dataSource.query('UPDATE public.client_consents SET shares_identity = true WHERE client_no = 70001');
    }
  });

  it('exits 2 with one line naming what is missing, and writes nothing', async () => {
    const noSecret = await link({ ...env, LINKAGE_SECRET: undefined });
    expect(noSecret.status).toBe(2);
    expect(noSecret.stdout).toBe('');
    expect(noSecret.stderr.trim().split('\n')).toHaveLength(1);
    expect(noSecret.stderr).toContain('LINKAGE_SECRET must be set');

    const noSchema = await link(env, []);
    expect(noSchema.status).toBe(2);
    expect(noSchema.stderr).toMatch(/^--schema must name the schema of your views/);

    await legacy.dataSource.query('CREATE SCHEMA bare');
    const noView = await link(env, ['--schema', 'bare']);
    expect(noView.status).toBe(2);
    expect(noView.stderr.trim()).toMatch(/^schema "bare" has no participant_identity view/);
    expect(await legacy.dataSource.query(`SELECT to_regclass('bare.gsid_link') AS t`)).toEqual([{ t: null }]);
  });

  it('exits 1 when the registry refuses the partner, and leaves gsid_link as it was', async () => {
    const before = await links();
    await legacy.dataSource.query(`
      INSERT INTO clients (client_no, gender, dob, program, intake_date) VALUES (70006, 'F', '1977-03-03', 'JOBPLACE', '2026-02-02');
      INSERT INTO client_contacts VALUES (70006, 'Octavia', 'Brightwater', NULL, NULL);`);
    const refused = await link({ ...env, REGISTRY_KEY: 'x'.repeat(40) });
    expect(refused.status).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/^The registry could not link the record\(s\): HTTP 40\d.*Nothing was written/);
    expect(await links()).toEqual(before);
  });

  it('withdraws the links it made when writing gsid_link fails, and leaves the table as it was', async () => {
    const before = await links();
    await legacy.dataSource.query(`
      CREATE FUNCTION refuse_octavia() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.local_id = 'BW70006' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse_octavia BEFORE INSERT ON coalition.gsid_link FOR EACH ROW EXECUTE FUNCTION refuse_octavia();`);
    const failed = await link(env);
    expect(failed.status).toBe(2);
    expect(failed.stderr.trim().split('\n')).toEqual(['link failed: disk full; nothing was written.']);
    expect(await links()).toEqual(before);
    const octavia = await coalition.registryDataSource.query('SELECT gsid FROM stakeholder_link WHERE partner_id = $1 AND local_id = $2', [AGENCY, 'BW70006']);
    expect(octavia).toEqual([]);

    await legacy.dataSource.query('DROP TRIGGER refuse_octavia ON coalition.gsid_link');
    const fixed = await link(env);
    expect(fixed.stdout).toContain('linkage: 1 new to the network, 0 auto-linked');
    expect((await links()).BW70006).toMatch(/^gs_/);
  });
});
