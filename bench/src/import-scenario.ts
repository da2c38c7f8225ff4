import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { checkMapping, createPartnerDataSource, importFile } from '@coalition/partner';
import { databaseUrl, dropDatabase, ensureDatabase } from '@coalition/demo';
import { seededRandom } from '@coalition/shared';
import { summarize } from './stats';

export interface ScenarioResult {
  scenario: string;
  subject: { median: number; p95: number; runs: number };
  baseline: { name: string; median: number; p95: number; runs: number };
  /** subject median / baseline median: how many times slower than the baseline. */
  ratio: number;
  /** rows in the scenario, where it moves rows */
  rows?: number;
  rowsPerSecond?: number;
  /** a throughput or other figure for the table's last column */
  rate?: string;
  /** anything else the scenario measured, for the JSON results */
  details?: Record<string, unknown>;
}

const SEXES = ['F', 'M', 'X'];
const RACES = ['White', 'Black', 'Asian', 'Hispanic', 'White;Black'];

/** A participants CSV as a partner would export it (deterministic from the seed). */
function writeCsv(path: string, rows: number): Array<[string, string, string, string, string]> {
  const random = seededRandom(42);
  const records: Array<[string, string, string, string, string]> = [];
  const lines = ['Client ID,Intake Date,Gender,Race,DOB'];
  for (let i = 0; i < rows; i++) {
    const month = random.int(1, 12);
    const record: [string, string, string, string, string] = [
      `B-${String(i).padStart(7, '0')}`,
      `${random.int(2023, 2025)}-${String(month).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
      random.pick(SEXES),
      random.pick(RACES),
      `${random.int(1960, 2005)}-0${random.int(1, 9)}-1${random.int(0, 9)}`,
    ];
    records.push(record);
    lines.push(record.join(','));
  }
  writeFileSync(path, lines.join('\n'));
  return records;
}

const MAPPING = checkMapping({
  kind: 'participants',
  fields: {
    localId: 'Client ID',
    enrolledOn: 'Intake Date',
    birthDate: 'DOB',
    programType: { value: 'TRAINING' },
    sex: { column: 'Gender', codes: { F: 'FEMALE', M: 'MALE', X: 'NOT_SELF_IDENTIFIED' } },
    raceEthnicity: { column: 'Race', codes: { Black: 'BLACK_AFRICAN_AMERICAN', Hispanic: 'HISPANIC_LATINO' } },
  },
});

const RACE_CODES: Record<string, string> = { White: 'WHITE', Black: 'BLACK_AFRICAN_AMERICAN', Asian: 'ASIAN', Hispanic: 'HISPANIC_LATINO' };

/**
 * Import rate: `coalition-import`'s work (read CSV, validate every row, upsert in one
 * transaction) against the floor, PostgreSQL COPY of the already-translated rows into the same
 * table. Each run starts from an empty, migrated database.
 */
export async function importScenario(adminUrl: string, options: { rows: number; runs: number; log?: (m: string) => void }): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cg-bench-'));
  const csv = join(dir, 'participants.csv');
  const records = writeCsv(csv, options.rows);
  const copyRows = `${records
    .map(([id, enrolled, sex, race, dob]) =>
      [
        id,
        enrolled,
        'TRAINING',
        { F: 'FEMALE', M: 'MALE', X: 'NOT_SELF_IDENTIFIED' }[sex],
        `{${race
          .split(';')
          .map((r) => RACE_CODES[r])
          .join(',')}}`,
        dob.slice(0, 4),
      ].join('\t'),
    )
    .join('\n')}\n`;
  const subject: number[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    for (const which of ['import', 'copy'] as const) {
      const name = `cg_bench_import_${process.pid}_${run}_${which}`;
      await ensureDatabase(adminUrl, name);
      const url = databaseUrl(adminUrl, name);
      const { dataSource } = createPartnerDataSource(url, { poolSize: 2 });
      await dataSource.initialize();
      try {
        await dataSource.runMigrations({ transaction: 'each' });
        const started = process.hrtime.bigint();
        if (which === 'import') {
          const result = await importFile({ file: csv, mapping: MAPPING, dataSource });
          if (result.status !== 'imported' || result.inserted !== options.rows)
            throw new Error(`bench import wrote ${result.inserted} of ${options.rows} rows`);
        } else {
          const client = new Client({ connectionString: url });
          await client.connect();
          try {
            await pipeline(
              Readable.from([copyRows]),
              client.query(copyFrom('COPY participant (local_id, enrolled_on, program_type, sex, race_ethnicity, birth_year) FROM STDIN')),
            );
          } finally {
            await client.end();
          }
        }
        const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
        (which === 'import' ? subject : baseline).push(elapsed);
        options.log?.(`  import run ${run + 1}/${options.runs}: ${which} ${elapsed.toFixed(0)} ms`);
      } finally {
        await dataSource.destroy();
        await dropDatabase(adminUrl, name);
      }
    }
  }
  const s = summarize(subject);
  const b = summarize(baseline);
  return {
    scenario: `import ${options.rows.toLocaleString('en-US')} participant rows (CSV)`,
    rows: options.rows,
    subject: s,
    baseline: { name: 'PostgreSQL COPY of the same rows', ...b },
    ratio: s.median / b.median,
    rowsPerSecond: options.rows / (s.median / 1000),
  };
}
