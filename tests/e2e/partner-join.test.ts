import { spawn, type ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { partnerIssuer, PROOF_HEADER, ProofSigner } from '@coalition/shared/auth';
import { DEMO_LINKAGE_SECRET } from '@coalition/demo';
import { createTestDatabase } from '../support/database';
import { startTestCoalition } from '../support/coalition';
import { graphql, tokens } from '../support/graphql';
import { runNode } from '../support/node-command';

/**
 * A fourth partner joins a running coalition the way docs/JOIN.md tells it to, from its own
 * legacy database (the worked example of docs/OWN-DATABASE.md, served through views): an admin
 * runs `npm run partner -- add`, the partner starts its service from the env file it was given,
 * links its people through the registry with the issued key (`npm run link-partner`), and the
 * gateway asks it from its next directory refresh. Then it is suspended (out of scope, its key
 * refused), reactivated and re-keyed, and the audit trail names who did each. Real processes,
 * real HTTP.
 */
const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'gateway/dist/admin/partner-cli.js');
const PARTNER_MAIN = join(ROOT, 'subgraphs/partner/dist/main.js');
const LINK = join(ROOT, 'subgraphs/partner/dist/db/link-cli.js');
const LEGACY = join(ROOT, 'subgraphs/partner/examples/legacy-schema.sql');
/** The partner serves its legacy tables through the example's views. */
const VIEWS = { PARTNER_DATA_MODE: 'views', PARTNER_DB_SCHEMA: 'coalition' };
const NEW = 'riverside-jobs';
const COVERAGE = `{ networkIndicator(code: "EXITERS", period: { programYear: 2024 }) { coverage { partnersAsked partnersAnswered } } }`;
const ENROLL = `mutation($p: ID!, $i: EnrollParticipantInput!) { enrollParticipant(partnerId: $p, input: $i) { decision participant { localId gsid } } }`;
const PERSON = {
  firstName: 'Marisol',
  lastName: 'Quintanilla-Brooks',
  birthDate: '1991-08-23',
  sex: 'FEMALE',
  enrolledOn: '2026-02-02',
  programType: 'TRAINING',
  ssnLast4: '4821',
  phone: '(614) 555-0199',
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a partner joins a running coalition (admin CLI, its own service process, real HTTP)', () => {
  let coalition: Awaited<ReturnType<typeof startTestCoalition>>;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let service: ChildProcess | undefined;
  let gateway: string;
  let knownGsid: string;
  const out = mkdtempSync(join(tmpdir(), 'cg-join-'));

  const partnerCli = (args: string[], token: string | null = tokens.admin('admin-alex')) =>
    runNode(
      [CLI, ...args, '--gateway', gateway],
      { PATH: process.env.PATH ?? '', LINKAGE_SECRET: DEMO_LINKAGE_SECRET, ...(token ? { COALITION_TOKEN: token } : {}) },
      30_000,
    );
  /** The HTTP status the registry gives a request signed with this key as the new partner (its linkage requests are signed so). */
  const registrySays = async (key: string) => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const proof = new ProofSigner({ algorithm: 'HS256', key }, partnerIssuer(NEW)).sign('registry', body, null, randomUUID());
    const response = await fetch(coalition.registry.url, { method: 'POST', headers: { 'content-type': 'application/json', [PROOF_HEADER]: proof }, body });
    return response.status;
  };
  const keyInEnv = () => /^REGISTRY_KEY=(.+)$/m.exec(readFileSync(join(out, 'partner.env'), 'utf8'))![1];
  const coverage = async () => (await graphql(gateway, COVERAGE, {}, { token: tokens.backbone() })).data?.networkIndicator.coverage;

  /** The link command as the partner's IT person runs it, from the env file. */
  const linkPeople = () => runNode([`--env-file=${join(out, 'partner.env')}`, LINK, '--schema', 'coalition'], { PATH: process.env.PATH ?? '' });

  beforeAll(async () => {
    coalition = await startTestCoalition('join', { directoryRefreshMs: 300 });
    gateway = coalition.gateway.url;
    database = await createTestDatabase('join_partner');
    // The agency's own database: its legacy tables and the example's views, with three clients,
    // one of them a person another partner already serves.
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(readFileSync(LEGACY, 'utf8'));
      await client.query(`
        INSERT INTO county_lookup VALUES ('Franklin', '39049');
        INSERT INTO clients (client_no, gender, race_codes, dob, county_name, program, intake_date) VALUES
          (80001, 'F', 'W', '${PERSON.birthDate}', 'Franklin', 'JOBPLACE', '2026-01-12'),
          (80002, 'M', 'B', '1972-05-05', 'Franklin', 'JOBPLACE', '2026-01-12'),
          (80003, 'F', 'A', '1990-01-01', 'Franklin', 'JOBPLACE', '2026-01-19');
        INSERT INTO client_contacts VALUES
          (80001, '${PERSON.firstName}', '${PERSON.lastName}', '${PERSON.phone}', NULL),
          (80002, 'Ignatius', 'Wolstenholme', NULL, 'ignatius@example.org'),
          (80003, 'Perpetua', 'Quigley-Ashworth', NULL, NULL);`);
    } finally {
      await client.end();
    }
    // The person is already served by a demo partner: linking must find them.
    const [other] = [...coalition.partners.keys()];
    const enrolled = await graphql(gateway, ENROLL, { p: other, i: { ...PERSON, localId: 'JOIN-TEST-1' } }, { token: tokens.staff(other) });
    expect(enrolled.errors).toBeUndefined();
    knownGsid = enrolled.data.enrollParticipant.participant.gsid;
  }, 120_000);

  afterAll(async () => {
    service?.kill('SIGTERM');
    await coalition?.dispose();
    await database?.drop();
  });

  it('refuses partner administration to anyone but an admin, and bad input by field', async () => {
    const analyst = await partnerCli(['add', '--id', 'not-allowed', '--name', 'X', '--program-type', 'TRAINING'], tokens.backbone());
    expect(analyst.status).toBe(1);
    expect(analyst.stderr).toMatch(/registerPartner/);
    const noToken = await partnerCli(['add', '--id', 'x-y', '--name', 'X', '--program-type', 'TRAINING'], null);
    expect(noToken.status).toBe(2);
    expect(noToken.stderr).toMatch(/COALITION_TOKEN is not set/);
    const badId = await partnerCli(['add', '--id', 'Bad_Id', '--name', 'X', '--program-type', 'TRAINING']);
    expect(badId.status).toBe(1);
    expect(badId.stderr).toMatch(/^partner: .*id: "Bad_Id" is not a partner id \(a lower-case slug/);
    const taken = await partnerCli(['add', '--id', [...coalition.partners.keys()][0], '--name', 'X', '--program-type', 'TRAINING']);
    expect(taken.stderr).toMatch(/already exists/);
  });

  it('registers it, and its own service starts from the env file it was given', async () => {
    expect(await coverage()).toEqual({ partnersAsked: 3, partnersAnswered: 3 });
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}/graphql`;
    const add = await partnerCli([
      'add',
      '--id',
      NEW,
      '--name',
      'Riverside Jobs',
      '--program-type',
      'TRAINING',
      '--endpoint',
      endpoint,
      '--out',
      out,
      '--registry-url',
      coalition.registry.url,
      '--database-url',
      database.url,
    ]);
    expect({ status: add.status, stderr: add.stderr }).toEqual({ status: 0, stderr: '' });
    expect(add.stdout).toMatch(new RegExp(`registered ${NEW} \\(ACTIVE\\), key pk_[0-9a-f]{16}`));
    const envPath = join(out, 'partner.env');
    expect(statSync(envPath).mode & 0o777).toBe(0o600);
    const env = readFileSync(envPath, 'utf8');
    expect(env).toMatch(/^REGISTRY_KEY=[A-Za-z0-9_-]{43}$/m);
    expect(env).not.toMatch(/^# (DATABASE_URL|REGISTRY_URL|LINKAGE_SECRET)=/m);

    service = spawn(process.execPath, [`--env-file=${envPath}`, PARTNER_MAIN], {
      env: { PATH: process.env.PATH ?? '', ...VIEWS },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    service.stdout!.on('data', (d) => (log += d));
    service.stderr!.on('data', (d) => (log += d));
    await until(`the partner service (${log})`, async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined));
    // The gateway's directory refresh picks it up: the next figure asks four partners.
    expect(await until('the gateway to ask four partners', async () => ((await coverage())?.partnersAsked === 4 ? coverage() : undefined))).toEqual({
      partnersAsked: 4,
      partnersAnswered: 4,
    });
  }, 60_000);

  it('links its people with the key it was issued: the person another partner serves is one person, and the partner is in the next figure', async () => {
    const linked = await linkPeople();
    expect({ status: linked.status, stderr: linked.stderr }).toEqual({ status: 0, stderr: '' });
    expect(linked.stdout).toMatch(/^linkage: 2 new to the network, 1 auto-linked to a person the network already knows,/);
    const person = await graphql(gateway, `{ stakeholder(gsid: "${knownGsid}") { records { partnerId localId } } }`, {}, { token: tokens.backbone() });
    expect(person.data.stakeholder.records.map((r: { partnerId: string }) => r.partnerId)).toContain(NEW);
    const counts = await graphql(gateway, '{ network { participantCount(by: [PARTNER]) { cells { key count } } } }', {}, { token: tokens.backbone() });
    expect(counts.data.network.participantCount.cells).toContainEqual({ key: `PARTNER=${NEW}`, count: 3 });
  });

  it('suspended: out of the next figure and its key refused, its data kept; reactivated: back', async () => {
    const suspend = await partnerCli(['suspend', '--id', NEW, '--reason', 'data-sharing agreement lapsed']);
    expect({ status: suspend.status, stdout: suspend.stdout.trim() }).toEqual({ status: 0, stdout: `${NEW} is now SUSPENDED` });
    expect(await until('the gateway to drop it', async () => ((await coverage())?.partnersAsked === 3 ? coverage() : undefined))).toEqual({
      partnersAsked: 3,
      partnersAnswered: 3,
    });
    // Its service still runs, but the gateway no longer routes to it and the registry refuses its signature.
    const refused = await graphql(gateway, `{ participant(partnerId: "${NEW}", localId: "BW80001") { localId } }`, {}, { token: tokens.staff(NEW) });
    expect(refused.errors?.[0].message).toMatch(/Unknown partner 'riverside-jobs'/);
    expect(await registrySays(keyInEnv())).toBe(401);
    expect((await linkPeople()).status).toBe(1);
    // Its data and links are kept: its three people stay linked at the registry.
    expect((await coalition.registryDataSource.query('SELECT count(*)::int AS n FROM stakeholder_link WHERE partner_id = $1', [NEW]))[0].n).toBe(3);
    const reactivate = await partnerCli(['reactivate', '--id', NEW, '--reason', 'agreement renewed']);
    expect(reactivate.stdout.trim()).toBe(`${NEW} is now ACTIVE`);
    expect(await until('the gateway to ask it again', async () => ((await coverage())?.partnersAsked === 4 ? true : undefined))).toBe(true);
    expect(await registrySays(keyInEnv())).toBe(200);
    const history = await partnerCli(['history', '--id', NEW]);
    expect(history.status).toBe(0);
    expect(history.stdout).toMatch(/REGISTERED\s+by admin-alex/);
    expect(history.stdout).toMatch(/SUSPENDED\s+by admin-alex: data-sharing agreement lapsed/);
    expect(history.stdout).toMatch(/REACTIVATED\s+by admin-alex: agreement renewed/);
  }, 60_000);

  it('rotating its key with no overlap refuses the old key at once; the new env file works', async () => {
    const oldKey = keyInEnv();
    const rotate = await partnerCli([
      'rotate-key',
      '--id',
      NEW,
      '--overlap-hours',
      '0',
      '--out',
      out,
      '--registry-url',
      coalition.registry.url,
      '--database-url',
      database.url,
    ]);
    expect({ status: rotate.status, stderr: rotate.stderr }).toEqual({ status: 0, stderr: '' });
    expect(keyInEnv()).not.toBe(oldKey);
    expect(await registrySays(oldKey)).toBe(401);
    expect(await registrySays(keyInEnv())).toBe(200);
    service!.kill('SIGTERM');
    await new Promise((r) => service!.once('exit', r));
    const envPath = join(out, 'partner.env');
    service = spawn(process.execPath, [`--env-file=${envPath}`, PARTNER_MAIN], { env: { PATH: process.env.PATH ?? '', ...VIEWS }, stdio: 'ignore' });
    const port = Number(/^PORT=(\d+)$/m.exec(readFileSync(envPath, 'utf8'))![1]);
    await until('the restarted partner service', async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined));
    // With the new file, linking works again (everyone already linked), and the gateway asks it.
    const again = await linkPeople();
    expect({ status: again.status, stderr: again.stderr }).toEqual({ status: 0, stderr: '' });
    expect(again.stdout).toMatch(/3 already linked \(unchanged\)/);
    expect(await until('the gateway to ask it', async () => ((await coverage())?.partnersAnswered === 4 ? true : undefined))).toBe(true);
  }, 60_000);
});
