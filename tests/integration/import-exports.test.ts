import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkMapping, createPartnerDataSource, importFile, loadMapping, type PartnerDataSource } from '@coalition/partner';
import { createTestDatabase } from '../support/database';
import { runNode } from '../support/node-command';

/** Partner exports as they come: other delimiters, N/A for "no value", broken quotes, wrong paths. */
const dir = mkdtempSync(join(tmpdir(), 'cg-import-exports-'));
const cli = join(__dirname, '..', '..', 'subgraphs', 'partner', 'dist', 'import', 'cli.js');

const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const PARTICIPANTS_YAML = `kind: participants
fields:
  localId: Client ID
  enrolledOn: Intake Date
  sex: { column: Gender, codes: { F: FEMALE, M: MALE } }
  programType: { value: TRAINING }
  lastName: Last Name
`;

describe('partner exports (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let partner: PartnerDataSource;
  const query = (sql: string, params?: unknown[]) => partner.dataSource.query(sql, params);

  /** The command as a partner runs it; resolves with its exit status and output. */
  function coalitionImport(args: string[]) {
    const { LINKAGE_SECRET: _secret, REGISTRY_URL: _url, ...env } = process.env;
    return runNode([cli, ...args], { ...env, DATABASE_URL: db.url });
  }

  beforeAll(async () => {
    expect(existsSync(cli)).toBe(true); // built by `npm test` before jest runs
    // No migrations here: the first run of the command must create the tables itself.
    db = await createTestDatabase('import_exports');
    partner = createPartnerDataSource(db.url);
    await partner.dataSource.initialize();
  });

  afterAll(async () => {
    await partner?.dataSource.destroy();
    await db?.drop();
  });

  describe('the command', () => {
    it('creates the tables in an empty database and reads a semicolon CSV without --delimiter', async () => {
      const csv = write('semicolon.csv', 'Client ID;Intake Date;Gender;Last Name\nS-1;2025-01-06;F;"Núñez, José"\nS-2;2025-01-07;M;Lee\n');
      const mapping = write('semicolon.yaml', PARTICIPANTS_YAML);
      const { status, stdout, stderr } = await coalitionImport(['run', csv, '--mapping', mapping]);
      expect({ status, stderr: stderr.includes('import failed') }).toEqual({ status: 0, stderr: false });
      expect(stdout).toContain('2 rows (0 blank skipped), 0 rejected; written: 2 new');
      expect(await query(`SELECT p.local_id, p.sex, i.last_name FROM participant p JOIN participant_identity i USING (local_id) ORDER BY 1`)).toEqual([
        { local_id: 'S-1', sex: 'FEMALE', last_name: 'Núñez, José' },
        { local_id: 'S-2', sex: 'MALE', last_name: 'Lee' },
      ]);
    });

    it('rejects a totals row under the table with one plain reason, not as a person with missing fields', async () => {
      const csv = write('totals.csv', 'Client ID,Intake Date,Gender,Last Name\nT-1,2025-01-06,F,Ode\nTotal,,,\n,,2,\n');
      const report = join(dir, 'totals.rejections.csv');
      const { status } = await coalitionImport(['run', csv, '--mapping', write('totals.yaml', PARTICIPANTS_YAML), '--report', report]);
      expect(status).toBe(1);
      const reasons = readFileSync(report, 'utf8');
      expect(reasons.match(/looks like a totals or footer row/g)).toHaveLength(2);
      expect(reasons).not.toMatch(/is required/);
    });

    it("accepts --delimiter '|' on run, and refuses a delimiter that is not one character", async () => {
      const csv = write('pipe.csv', 'Client ID|Intake Date|Gender|Last Name\nP-1|2025-01-08|F|Ek\n');
      const mapping = write('pipe.yaml', PARTICIPANTS_YAML);
      const ok = await coalitionImport(['run', csv, '--mapping', mapping, '--delimiter', '|']);
      expect(ok.status).toBe(0);
      expect((await query(`SELECT sex FROM participant WHERE local_id = 'P-1'`))[0].sex).toBe('FEMALE');

      const bad = await coalitionImport(['run', csv, '--mapping', mapping, '--delimiter', ';;']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('--delimiter must be one character, such as "," ";" or "|", or "tab"; got ";;"');
    });

    it("init --delimiter '|' overrides detection, and the drafted mapping keeps it", async () => {
      // Every line splits into 4 at commas and at bars: detection alone picks the comma.
      const csv = write(
        'pipe-names.csv',
        'Client ID|Intake Date|Gender|Name (last, first, middle, suffix)\nQ-1|2025-01-09|F|Lee, Ann, B, Jr\nQ-2|2025-01-10|M|Ek, Bo, C, Sr\n',
      );
      const detected = await coalitionImport(['init', csv, '--kind', 'participants']);
      expect(detected.status).toBe(0);
      expect(detected.stdout).not.toContain('localId: Client ID');

      const given = await coalitionImport(['init', csv, '--kind', 'participants', '--delimiter', '|']);
      expect(given.status).toBe(0);
      const draft = parseYaml(given.stdout);
      expect(draft).toMatchObject({ delimiter: '|', fields: { localId: 'Client ID', enrolledOn: 'Intake Date', sex: { column: 'Gender' } } });
      expect(checkMapping({ ...draft, fields: { ...draft.fields, programType: { value: 'TRAINING' } } }).delimiter).toBe('|');
    });

    it("run --delimiter '|' overrides detection", async () => {
      const csv = write('pipe-names-run.csv', 'Client ID|Intake Date|Gender|Name (last, first, middle, suffix)\nR-1|2025-01-11|F|Lee, Ann, B, Jr\n');
      const mapping = write('pipe-names-run.yaml', PARTICIPANTS_YAML.replace('lastName: Last Name', 'lastName: "Name (last, first, middle, suffix)"'));
      const { status } = await coalitionImport(['run', csv, '--mapping', mapping, '--delimiter', '|']);
      expect(status).toBe(0);
      expect((await query(`SELECT last_name FROM participant_identity WHERE local_id = 'R-1'`))[0].last_name).toBe('Lee, Ann, B, Jr');
    });

    it('names the line of an unclosed quote, exits 2 and writes nothing', async () => {
      const csv = write('quote.csv', 'Client ID,Intake Date,Gender,Last Name\nU-1,2025-01-01,F,Ek\nU-2,2025-01-02,F,"Lee\nU-3,2025-01-03,M,Bo\n');
      const mapping = write('quote.yaml', PARTICIPANTS_YAML);
      const { status, stderr } = await coalitionImport(['run', csv, '--mapping', mapping]);
      expect(status).toBe(2);
      expect(stderr).toContain(
        `\n${csv}: line 3: a quote (") opens a value that is never closed, so the rest of the file would be read as that one value; close or remove the quote\n`,
      );
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(await query(`SELECT local_id FROM participant WHERE local_id LIKE 'U-%'`)).toEqual([]);
    });

    it('a missing file or mapping exits 2 with one line naming it, no stack trace', async () => {
      const mapping = write('missing.yaml', PARTICIPANTS_YAML);
      const csv = write('present.csv', 'Client ID,Intake Date,Gender\nM-1,2025-01-01,F\n');
      const noFile = join(dir, 'no-such-export.csv');
      const noMapping = join(dir, 'no-such-mapping.yaml');
      const cases: Array<[string[], string]> = [
        [['run', noFile, '--mapping', mapping], `${noFile}: cannot read the file (no such file)`],
        [['run', csv, '--mapping', noMapping], `${noMapping}: cannot read the mapping file (no such file)`],
        [['init', noFile, '--kind', 'participants'], `${noFile}: cannot read the file (no such file)`],
        [['run', dir, '--mapping', mapping], `${dir}: cannot read the file (it is a folder, not a file)`],
      ];
      for (const [args, message] of cases) {
        const { status, stdout, stderr } = await coalitionImport(args);
        expect({ args, status, stdout, stderr }).toEqual({ args, status: 2, stdout: '', stderr: `${message}\n` });
      }
    });

    it('--help lists every kind of file, survey answers included', async () => {
      const { status, stdout } = await coalitionImport(['--help']);
      expect(status).toBe(0);
      expect(stdout).toContain('--kind participants|stage_events|outcomes|survey_answers');
      expect(stdout).toContain('--delimiter');
    });
  });

  describe('null tokens and delimiters', () => {
    beforeAll(async () => {
      await partner.dataSource.runMigrations({ transaction: 'each' }); // already there when the command ran first
    });

    it('reads a tab-separated file without being told', async () => {
      const tsv = write('tabs.txt', 'Client ID\tIntake Date\tGender\tLast Name\nT-1\t2025-02-01\tF\tLee, Ann; Jr\n');
      const mapping = checkMapping(parseYaml(PARTICIPANTS_YAML));
      const result = await importFile({ file: tsv, mapping, dataSource: partner.dataSource });
      expect(result).toMatchObject({ status: 'imported', inserted: 1, rejections: [] });
      expect((await query(`SELECT last_name FROM participant_identity WHERE local_id = 'T-1'`))[0].last_name).toBe('Lee, Ann; Jr');
    });

    it('reads N/A, NULL and - as blank: optional fields stay empty, required ones say they are missing', async () => {
      const csv = write(
        'blanks.csv',
        [
          'Client ID,Intake Date,Exit Date,Gender,Race',
          'N-1,2025-03-01,N/A,F,NULL',
          'N-2,2025-03-02, - ,M,n/a',
          'N-3,2025-03-03,null,Unknown,-',
          'N-4,NULL,2025-04-01,N/A,White',
        ].join('\n'),
      );
      const mapping = checkMapping({
        kind: 'participants',
        fields: {
          localId: 'Client ID',
          enrolledOn: 'Intake Date',
          exitedOn: 'Exit Date',
          sex: { column: 'Gender', codes: { F: 'FEMALE', M: 'MALE', Unknown: 'NOT_SELF_IDENTIFIED' } }, // a code mapping wins over the null token
          raceEthnicity: 'Race',
          programType: { value: 'TRAINING' },
        },
      });
      const result = await importFile({ file: csv, mapping, dataSource: partner.dataSource, skipInvalid: true });
      expect(result.rejections.map(({ row, column, value, reason }) => ({ row, column, value, reason }))).toEqual([
        { row: 5, column: 'Intake Date', value: '', reason: 'enrolledOn is required' },
        { row: 5, column: 'Gender', value: '', reason: 'sex is required' },
      ]);
      expect(await query(`SELECT local_id, exited_on::text, sex, race_ethnicity FROM participant WHERE local_id LIKE 'N-%' ORDER BY local_id`)).toEqual([
        { local_id: 'N-1', exited_on: null, sex: 'FEMALE', race_ethnicity: [] },
        { local_id: 'N-2', exited_on: null, sex: 'MALE', race_ethnicity: [] },
        { local_id: 'N-3', exited_on: null, sex: 'NOT_SELF_IDENTIFIED', race_ethnicity: [] },
      ]);
    });

    it("takes the mapping's own null tokens: the file's list replaces the default, a column's list replaces the file's", async () => {
      const csv = write(
        'custom.csv',
        [
          'Client ID,Intake Date,Exit Date,Gender',
          'C-1,2025-05-01,still enrolled,F',
          'C-2,2025-05-02,?,F',
          'C-3,2025-05-03,,NONE',
          'C-4,?,,F',
          'C-5,2025-05-05,,N/A',
        ].join('\n'),
      );
      const mappingFile = write(
        'custom.yaml',
        `kind: participants
nullTokens: ["?", none]
fields:
  localId: Client ID
  enrolledOn: Intake Date
  exitedOn: { column: Exit Date, nullTokens: [still enrolled] }
  sex: { column: Gender, codes: { F: FEMALE, M: MALE } }
  programType: { value: TRAINING }
`,
      );
      const result = await importFile({ file: csv, mapping: loadMapping(mappingFile), dataSource: partner.dataSource, skipInvalid: true });
      expect(result.rejections.map(({ row, column, value, reason }) => ({ row, column, value, reason }))).toEqual([
        { row: 3, column: 'Exit Date', value: '?', reason: expect.stringMatching(/^exitedOn is not a date/) }, // the column's list, not the file's
        { row: 4, column: 'Gender', value: '', reason: 'sex is required' }, // NONE: the file's list
        { row: 5, column: 'Intake Date', value: '', reason: 'enrolledOn is required' }, // ?: the file's list
        { row: 6, column: 'Gender', value: 'N/A', reason: expect.stringMatching(/^sex is not a known code/) }, // the default list is replaced
      ]);
      expect(await query(`SELECT local_id, exited_on::text FROM participant WHERE local_id LIKE 'C-%' ORDER BY local_id`)).toEqual([
        { local_id: 'C-1', exited_on: null },
      ]);
    });

    it('names the bad keys of a mapping: null tokens and delimiter', () => {
      const bad = write(
        'bad.yaml',
        `kind: participants
delimiter: ";;"
nullTokens: [N/A, NULL]
fields:
  localId: Client ID
  enrolledOn: { column: Intake Date, nullTokens: none }
  sex: Gender
  programType: { value: TRAINING, nullTokens: ["-"] }
`,
      );
      let message = '';
      try {
        loadMapping(bad);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message.split('\n').slice(1)).toEqual([
        '  - delimiter: must be one character, such as "," ";" or "|", or "tab"; got ";;"',
        '  - nullTokens: item 2 is empty (put NULL, null and ~ in quotes: YAML reads them bare as nothing)',
        '  - fields.enrolledOn.nullTokens: must be a list of texts read as blank, e.g. ["N/A", "NULL", "-"]',
        '  - fields.programType.nullTokens: only for a column; a constant { value } is never blank',
      ]);
    });
  });
});
