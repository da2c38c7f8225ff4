import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createPartnerDataSource } from '@coalition/partner';
import { createRegistryDataSource } from '@coalition/registry';
import { databaseUrl, dropDatabase, ensureDatabase } from '@coalition/demo';
import { type Assignment, assignPeople, benchGsid, GENERATOR_VERSION, partnerRows, type BenchPartner, type PartnerRows, type ScaleOptions } from './generate';

/** A generated coalition in PostgreSQL: a database per partner, the registry's, and the pooled baseline. */
export interface Dataset {
  name: string;
  options: ScaleOptions;
  partners: BenchPartner[];
  registryUrl: string;
  pooledUrl: string;
  partnerUrls: Map<string, string>;
  people: number;
  records: number;
  /** people enrolled at two or more partners */
  sharedPeople: number;
  /** false when a previous run's databases were reused */
  generated: boolean;
  generateMs: number;
}

interface Summary {
  people: number;
  records: number;
  sharedPeople: number;
  generateMs: number;
}

export function datasetName(options: ScaleOptions): string {
  return `cgb_k${options.partners}_n${options.perPartner}_s${options.seed}_g${GENERATOR_VERSION}`;
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function copyLines(client: Client, statement: string, lines: readonly string[], prefix = ''): Promise<void> {
  function* chunks() {
    for (let i = 0; i < lines.length; i += 5000)
      yield lines
        .slice(i, i + 5000)
        .map((l) => `${prefix}${l}\n`)
        .join('');
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(statement)));
}

const POOLED_SCHEMA = `
  CREATE TABLE participant (
    partner_id text NOT NULL, local_id text NOT NULL, gsid text, enrolled_on date NOT NULL, exited_on date,
    program_type text NOT NULL, sex text NOT NULL, race_ethnicity text[] NOT NULL, birth_year int, county_fips text);
  CREATE TABLE stage_event (
    id bigserial, partner_id text NOT NULL, participant_local_id text NOT NULL, stage text NOT NULL, entered_on date NOT NULL, exited_on date);
  CREATE TABLE outcome (
    id bigserial, partner_id text NOT NULL, participant_local_id text NOT NULL, indicator_code text NOT NULL, indicator_version int NOT NULL,
    value_number numeric, value_boolean boolean, period text NOT NULL, wave text NOT NULL, observed_on date)`;

// The same indexes every partner database has, with partner_id leading: a fair baseline.
const POOLED_INDEXES = `
  ALTER TABLE participant ADD PRIMARY KEY (partner_id, local_id);
  CREATE INDEX participant_gsid_idx ON participant (gsid);
  CREATE INDEX stage_event_participant_idx ON stage_event (partner_id, participant_local_id);
  CREATE UNIQUE INDEX stage_event_natural_key ON stage_event (partner_id, participant_local_id, stage, entered_on);
  CREATE INDEX outcome_participant_idx ON outcome (partner_id, participant_local_id);
  CREATE UNIQUE INDEX outcome_natural_key ON outcome (partner_id, participant_local_id, indicator_code, indicator_version, period, wave);
  CREATE INDEX outcome_indicator_idx ON outcome (indicator_code, period, partner_id, participant_local_id) INCLUDE (value_boolean)`;

type Log = (message: string) => void;
type DatasetUrls = Pick<Dataset, 'registryUrl' | 'pooledUrl' | 'partnerUrls'>;

/** The databases of one dataset: all start with its name, so a test can drop them by prefix. */
function databaseNames(name: string) {
  return { registry: `${name}_registry`, pooled: `${name}_pooled`, partner: (p: BenchPartner) => `${name}_p${String(p.index + 1).padStart(2, '0')}` };
}

/** Migrations run through the subgraphs' own data sources, so the tables are the ones the services expect. */
async function migrateRegistry(url: string): Promise<void> {
  const registry = createRegistryDataSource(url, { poolSize: 1 });
  await registry.initialize();
  await registry.runMigrations({ transaction: 'each' });
  await registry.destroy();
}

async function migratePartner(url: string): Promise<void> {
  const source = createPartnerDataSource(url, { poolSize: 1 });
  await source.dataSource.initialize();
  await source.dataSource.runMigrations({ transaction: 'each' });
  await source.dataSource.destroy();
}

/** Rows into a partner's own tables, participants first (stage events and outcomes reference them). */
export async function copyPartnerRows(client: Client, rows: PartnerRows): Promise<void> {
  await copyLines(
    client,
    'COPY participant (local_id, gsid, enrolled_on, exited_on, program_type, sex, race_ethnicity, birth_year, county_fips) FROM STDIN',
    rows.participants,
  );
  await copyLines(client, 'COPY stage_event (participant_local_id, stage, entered_on, exited_on) FROM STDIN', rows.stageEvents);
  await copyLines(
    client,
    'COPY outcome (participant_local_id, indicator_code, indicator_version, value_number, value_boolean, period, wave, observed_on) FROM STDIN',
    rows.outcomes,
  );
}

async function copyIntoPartner(url: string, rows: PartnerRows): Promise<void> {
  await withClient(url, async (c) => {
    await copyPartnerRows(c, rows);
    await c.query('VACUUM ANALYZE');
  });
}

// The pooled baseline holds the same rows, each led by its partner's id.
export async function copyIntoPooled(pooled: Client, partner: BenchPartner, rows: PartnerRows): Promise<void> {
  const prefix = `${partner.id}\t`;
  await copyLines(
    pooled,
    'COPY participant (partner_id, local_id, gsid, enrolled_on, exited_on, program_type, sex, race_ethnicity, birth_year, county_fips) FROM STDIN',
    rows.participants,
    prefix,
  );
  await copyLines(pooled, 'COPY stage_event (partner_id, participant_local_id, stage, entered_on, exited_on) FROM STDIN', rows.stageEvents, prefix);
  await copyLines(
    pooled,
    'COPY outcome (partner_id, participant_local_id, indicator_code, indicator_version, value_number, value_boolean, period, wave, observed_on) FROM STDIN',
    rows.outcomes,
    prefix,
  );
}

/** One partner's rows go to its database, the pooled baseline and the registry's links concurrently: each target is its own connection. */
async function loadPartner(partner: BenchPartner, rows: PartnerRows, url: string, pooled: Client, registry: Client): Promise<void> {
  await migratePartner(url);
  await Promise.all([
    copyIntoPartner(url, rows),
    copyIntoPooled(pooled, partner, rows),
    copyLines(
      registry,
      'COPY stakeholder_link (gsid, partner_id, local_id, method) FROM STDIN',
      rows.links.map((l) => `${l.gsid}\t${partner.id}\t${l.localId}\tSEED_GROUND_TRUTH`),
    ),
  ]);
}

/** Loads the registry and every partner (one partner's rows in memory at a time); returns the number of records. */
async function loadRecords(assignment: Assignment, seed: number, urls: DatasetUrls, log: Log): Promise<number> {
  let records = 0;
  await withClient(urls.registryUrl, async (registryClient) => {
    await copyLines(
      registryClient,
      'COPY partner (id, name, program_type, status) FROM STDIN',
      assignment.partners.map((p) => `${p.id}\t${p.name}\t${p.programType}\tACTIVE`),
    );
    await copyLines(
      registryClient,
      'COPY stakeholder (gsid) FROM STDIN',
      Array.from({ length: assignment.people }, (_, i) => benchGsid(seed, i)),
    );
    await withClient(urls.pooledUrl, async (pooled) => {
      for (const partner of assignment.partners) {
        const rows = partnerRows(assignment, partner.index);
        records += rows.participants.length;
        await loadPartner(partner, rows, urls.partnerUrls.get(partner.id)!, pooled, registryClient);
        log(
          `    ${partner.id}: ${rows.participants.length.toLocaleString('en-US')} records, ${rows.stageEvents.length.toLocaleString('en-US')} stage events, ${rows.outcomes.length.toLocaleString('en-US')} outcomes`,
        );
      }
    });
    await registryClient.query('VACUUM ANALYZE');
  });
  return records;
}

// Indexes are built after the load: building them once is faster than updating them row by row.
async function finishPooled(pooledUrl: string, summary: Summary): Promise<void> {
  await withClient(pooledUrl, async (c) => {
    await c.query(POOLED_INDEXES);
    await c.query('VACUUM ANALYZE');
    // Written last: its presence means the whole dataset is there.
    await c.query('CREATE TABLE bench_dataset (summary jsonb NOT NULL)');
    await c.query('INSERT INTO bench_dataset VALUES ($1)', [JSON.stringify(summary)]);
  });
}

/**
 * The dataset for `options`, generated once and reused by later runs (the databases' names carry
 * the scale, the seed and the generator version; a marker written last says the load finished,
 * so an interrupted load is generated again from scratch).
 */
export async function ensureDataset(adminUrl: string, options: ScaleOptions, log: Log = () => undefined): Promise<Dataset> {
  const name = datasetName(options);
  const assignment = assignPeople(options);
  const partners = assignment.partners;
  const names = databaseNames(name);
  const base = {
    name,
    options,
    partners,
    registryUrl: databaseUrl(adminUrl, names.registry),
    pooledUrl: databaseUrl(adminUrl, names.pooled),
    partnerUrls: new Map(partners.map((p) => [p.id, databaseUrl(adminUrl, names.partner(p))])),
  };
  const existing = await readMarker(adminUrl, names.pooled, base.pooledUrl);
  if (existing) return { ...base, ...existing, generated: false };

  const started = Date.now();
  log(`  generating ${name}: ${partners.length} partners x ${options.perPartner.toLocaleString('en-US')} records`);
  // Dropped first: a database left by an interrupted load has no marker and may be half full.
  const all = [names.registry, names.pooled, ...partners.map(names.partner)];
  for (const db of all) await dropDatabase(adminUrl, db);
  for (const db of all) await ensureDatabase(adminUrl, db);
  await migrateRegistry(base.registryUrl);
  await withClient(base.pooledUrl, (c) => c.query(POOLED_SCHEMA));

  const records = await loadRecords(assignment, options.seed, base, log);
  const sharedPeople = assignment.spells.reduce((n, s) => n + (s > 1 ? 1 : 0), 0);
  const summary: Summary = { people: assignment.people, records, sharedPeople, generateMs: Date.now() - started };
  await finishPooled(base.pooledUrl, summary);
  log(
    `  generated ${name} in ${summary.generateMs} ms: ${summary.people.toLocaleString('en-US')} people, ${records.toLocaleString('en-US')} records, ${sharedPeople.toLocaleString('en-US')} people at two or more partners`,
  );
  return { ...base, ...summary, generated: true };
}

async function readMarker(adminUrl: string, database: string, url: string): Promise<Summary | null> {
  const exists = await withClient(adminUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount);
  if (!exists) return null;
  return withClient(url, async (c) => {
    const table = await c.query(`SELECT to_regclass('bench_dataset') AS t`);
    if (!table.rows[0].t) return null;
    const { rows } = await c.query('SELECT summary FROM bench_dataset');
    return rows.length ? (rows[0].summary as Summary) : null;
  });
}
