import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { checkMapping, createPartnerDataSource, importFile, writeReport, type PartnerDataSource } from '@coalition/partner';
import { createTestDatabase } from '../support/database';

const dir = mkdtempSync(join(tmpdir(), 'cg-import-'));

/** A spreadsheet as partners keep them: a merged title row, mixed dates, formulas, stray columns and rows. */
async function messyWorkbook(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Clients 2025');
  sheet.getCell('A1').value = 'Client record';
  sheet.mergeCells('A1:C1');
  sheet.getCell('D1').value = 'Demographics';
  sheet.mergeCells('D1:H1');
  sheet.addRow(['Client ID', 'Intake Date', 'Exit Date', 'Gender', 'Race', 'DOB', 'First Name', 'Last Name', 'County', 'Notes']);
  const rows: unknown[][] = [
    ['C-0001', new Date(Date.UTC(2025, 0, 6)), null, 'F', 'Black; White', '4/12/1990', 'José', 'Núñez', '39035', 'walk-in'], // 3 ok (Excel date, two races)
    ['C-0002', '3/4/2025', '2025-06-30', 'M', 'Asian', '1985-02-01', 'Zoë', 'Ødegård', '39093', ''], // 4 ok (text dates, two formats)
    [], // 5 blank
    ['C-0003', 45700, null, 'X', '', null, '李', '小龙', null, 'serial date'], // 6 ok (Excel serial 45700 = 2025-02-12)
    ['C-0004', '2/30/2025', null, 'Q', 'Martian', null, 'Ann', 'Lee', '3903', ''], // 7 bad date, bad sex, bad race, bad county
    ['C-0005', '2025-05-01', '2025-04-01', 'F', 'White', null, 'Bo', 'Ek', '39035', ''], // 8 exit before intake
    ['C-0002', '3/4/2025', '2025-06-30', 'M', 'Asian', '1985-02-01', 'Zoë', 'Ødegård', '39093', 'pasted twice'], // 9 duplicate of row 4
    [null, '2025-01-01', null, 'F', 'White', null, 'No', 'Id', null, ''], // 10 missing id
    [
      { formula: '"C-"&"0007"', result: 'C-0007' },
      { formula: 'DATE(2025,7,1)', result: new Date(Date.UTC(2025, 6, 1)) },
      null,
      'f',
      'hispanic',
      null,
      'Ana',
      'Ruiz',
      '39153',
      '',
    ], // 11 ok (formulas, lower-case codes)
  ];
  for (const row of rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(path);
}

const mapping = checkMapping({
  kind: 'participants',
  headerRow: 2,
  dateFormats: ['YYYY-MM-DD', 'M/D/YYYY'],
  fields: {
    localId: 'Client ID',
    enrolledOn: 'Intake Date',
    exitedOn: 'Exit Date',
    programType: { value: 'TRAINING' },
    sex: { column: 'Gender', codes: { F: 'FEMALE', M: 'MALE', X: 'NOT_SELF_IDENTIFIED' } },
    raceEthnicity: { column: 'Race', codes: { Black: 'BLACK_AFRICAN_AMERICAN', Hispanic: 'HISPANIC_LATINO' } },
    birthDate: 'DOB',
    firstName: 'First Name',
    lastName: 'Last Name',
    countyFips: 'County',
  },
});

describe('spreadsheet import (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let partner: PartnerDataSource;
  const xlsx = join(dir, 'clients.xlsx');
  const count = async (table = 'participant') => (await partner.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  beforeAll(async () => {
    db = await createTestDatabase('import');
    partner = createPartnerDataSource(db.url);
    await partner.dataSource.initialize();
    await partner.dataSource.runMigrations({ transaction: 'each' });
    await messyWorkbook(xlsx);
  });

  afterAll(async () => {
    await partner?.dataSource.destroy();
    await db?.drop();
  });

  it('reports every bad cell exactly and, by default, writes nothing', async () => {
    const result = await importFile({ file: xlsx, mapping, dataSource: partner.dataSource });
    expect(result.status).toBe('rejected');
    expect(result.blankRows).toBe(1);
    expect(result.rejections.map(({ row, column, value, reason }) => ({ row, column, value, reason }))).toEqual([
      { row: 7, column: 'Intake Date', value: '2/30/2025', reason: 'enrolledOn is not a real calendar date' },
      {
        row: 7,
        column: 'Gender',
        value: 'Q',
        reason: "sex is not a known code: map it in the mapping's codes, or use one of FEMALE, MALE, NOT_SELF_IDENTIFIED",
      },
      { row: 7, column: 'Race', value: 'Martian', reason: expect.stringMatching(/^raceEthnicity is not a known code/) },
      { row: 7, column: 'County', value: '3903', reason: 'countyFips is not a 5-digit county FIPS code' },
      { row: 8, column: 'Exit Date', value: '2025-04-01', reason: 'exitedOn is before enrolledOn' },
      { row: 9, column: 'Client ID', value: 'C-0002', reason: 'duplicate of row 4' },
      { row: 10, column: 'Client ID', value: '', reason: 'localId is required' },
    ]);
    expect(await count()).toBe(0);

    const report = join(dir, 'report.csv');
    writeReport(report, result.rejections);
    const lines = parse(readFileSync(report, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(lines).toHaveLength(7);
    expect(lines[0]).toEqual({ file: 'clients.xlsx', row: '7', column: 'County', value: '3903', reason: 'countyFips is not a 5-digit county FIPS code' });
  });

  it('with skip-invalid writes the valid rows, names and dates intact', async () => {
    const result = await importFile({ file: xlsx, mapping, dataSource: partner.dataSource, skipInvalid: true });
    expect(result).toMatchObject({ status: 'imported', inserted: 4, updated: 0, unchanged: 0 });
    const rows = await partner.dataSource.query(
      `SELECT p.local_id, p.enrolled_on::text, p.exited_on::text, p.sex, p.race_ethnicity, p.birth_year, i.first_name, i.last_name
       FROM participant p LEFT JOIN participant_identity i USING (local_id) ORDER BY p.local_id`,
    );
    expect(rows).toEqual([
      {
        local_id: 'C-0001',
        enrolled_on: '2025-01-06',
        exited_on: null,
        sex: 'FEMALE',
        race_ethnicity: ['BLACK_AFRICAN_AMERICAN', 'WHITE'],
        birth_year: 1990,
        first_name: 'José',
        last_name: 'Núñez',
      },
      {
        local_id: 'C-0002',
        enrolled_on: '2025-03-04',
        exited_on: '2025-06-30',
        sex: 'MALE',
        race_ethnicity: ['ASIAN'],
        birth_year: 1985,
        first_name: 'Zoë',
        last_name: 'Ødegård',
      },
      {
        local_id: 'C-0003',
        enrolled_on: '2025-02-12',
        exited_on: null,
        sex: 'NOT_SELF_IDENTIFIED',
        race_ethnicity: [],
        birth_year: null,
        first_name: '李',
        last_name: '小龙',
      },
      {
        local_id: 'C-0007',
        enrolled_on: '2025-07-01',
        exited_on: null,
        sex: 'FEMALE',
        race_ethnicity: ['HISPANIC_LATINO'],
        birth_year: null,
        first_name: 'Ana',
        last_name: 'Ruiz',
      },
    ]);
  });

  it('re-importing the same file changes nothing; a corrected file updates by local id', async () => {
    const again = await importFile({ file: xlsx, mapping, dataSource: partner.dataSource, skipInvalid: true });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 4 });
    expect(await count()).toBe(4);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    workbook.worksheets[0].getCell('C3').value = '2025-09-30';
    const corrected = join(dir, 'clients-corrected.xlsx');
    await workbook.xlsx.writeFile(corrected);
    const fixed = await importFile({ file: corrected, mapping, dataSource: partner.dataSource, skipInvalid: true });
    expect(fixed).toMatchObject({ inserted: 0, updated: 1, unchanged: 3 });
    expect((await partner.dataSource.query(`SELECT exited_on::text FROM participant WHERE local_id = 'C-0001'`))[0].exited_on).toBe('2025-09-30');
  });

  it('refuses stage events for people the partner does not hold', async () => {
    const csv = join(dir, 'stages.csv');
    writeFileSync(csv, 'Client ID,Milestone,Date\nC-0001,Intake,2025-01-06\nC-9999,Intake,2025-01-07\n');
    const stages = checkMapping({ kind: 'stage_events', fields: { localId: 'Client ID', stage: 'Milestone', enteredOn: 'Date' } });
    const result = await importFile({ file: csv, mapping: stages, dataSource: partner.dataSource });
    expect(result.status).toBe('rejected');
    expect(result.rejections).toEqual([
      { file: 'stages.csv', row: 3, column: 'Client ID', value: 'C-9999', reason: 'no participant with this local id (import participants first)' },
    ]);
    expect(await count('stage_event')).toBe(0);
  });

  it('imports survey answers, one answer per row, re-runnable', async () => {
    const csv = join(dir, 'survey.csv');
    writeFileSync(
      csv,
      'Client ID,Question,Score,Comment,Wave,Date\nC-0001,CONFIDENCE,3,,intake,2025-01-06\nC-0001,CONFIDENCE,4,,exit,2025-09-30\nC-0002,GOALS,,"Quiero un trabajo estable",intake,2025-03-04\nC-0002,GOALS,2,also text,exit,2025-06-30\n',
    );
    const survey = checkMapping({
      kind: 'survey_answers',
      fields: { localId: 'Client ID', questionCode: 'Question', answerNumber: 'Score', answerText: 'Comment', wave: 'Wave', answeredOn: 'Date' },
    });
    const first = await importFile({ file: csv, mapping: survey, dataSource: partner.dataSource, skipInvalid: true });
    expect(first).toMatchObject({ status: 'imported', inserted: 3 });
    expect(first.rejections).toEqual([
      { file: 'survey.csv', row: 5, column: 'Comment', value: 'also text', reason: 'exactly one of answerNumber, answerBoolean and answerText must be given' },
    ]);
    expect((await partner.dataSource.query(`SELECT answer_text FROM survey_answer WHERE question_code = 'GOALS'`))[0].answer_text).toBe(
      'Quiero un trabajo estable',
    );
    const again = await importFile({ file: csv, mapping: survey, dataSource: partner.dataSource, skipInvalid: true });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
  });

  it('takes GSIDs from the linkage seam when one is given', async () => {
    const csv = join(dir, 'one.csv');
    writeFileSync(csv, 'id,start,gender\nL-1,2025-01-01,female\n');
    const simple = checkMapping({ kind: 'participants', fields: { localId: 'id', enrolledOn: 'start', sex: 'gender', programType: { value: 'TRAINING' } } });
    const seen: string[] = [];
    const result = await importFile({
      file: csv,
      mapping: simple,
      dataSource: partner.dataSource,
      resolveGsids: async (records) => {
        seen.push(...records.map((r) => r.local_id));
        return new Map([['L-1', 'gs_4b2jwq2f5w04']]);
      },
    });
    expect(result.status).toBe('imported');
    expect(seen).toEqual(['L-1']);
    expect((await partner.dataSource.query(`SELECT gsid FROM participant WHERE local_id = 'L-1'`))[0].gsid).toBe('gs_4b2jwq2f5w04');
  });

  it('names the problems of a bad mapping, all at once', () => {
    expect(() => checkMapping({ kind: 'participants', fields: { sex: { column: 'Gender', codes: { M: 'MAN' } }, shoeSize: 'Shoes' } })).toThrow(
      /fields\.sex\.codes\.M: "MAN" is not a contract code[\s\S]*fields\.shoeSize: not a field of participants[\s\S]*fields\.localId: required/,
    );
  });

  it('a process killed part-way through writing leaves the database as it was', async () => {
    const cli = join(__dirname, '..', '..', 'subgraphs', 'partner', 'dist', 'import', 'cli.js');
    expect(existsSync(cli)).toBe(true); // built by `npm test` before jest runs
    const csv = join(dir, 'big.csv');
    const lines = ['id,start,gender'];
    for (let i = 0; i < 60_000; i++) lines.push(`B-${i},2025-01-01,F`);
    writeFileSync(csv, lines.join('\n'));
    const mappingFile = join(dir, 'big.yaml');
    writeFileSync(
      mappingFile,
      'kind: participants\nfields:\n  localId: id\n  enrolledOn: start\n  sex: { column: gender, codes: { F: FEMALE } }\n  programType: { value: TRAINING }\n',
    );
    const before = await count();
    const child = spawn(process.execPath, [cli, 'run', csv, '--mapping', mappingFile, '--batch-size', '200'], {
      env: { ...process.env, DATABASE_URL: db.url },
    });
    let stderr = '';
    const exit = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        if (stderr.includes('writing big.csv')) setTimeout(resolve, 300);
      }),
    );
    child.kill('SIGKILL');
    expect(await exit).toBe('SIGKILL');
    // The killed connection's transaction is rolled back by PostgreSQL.
    for (
      let i = 0;
      i < 50 &&
      (
        await partner.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state <> 'idle' AND pid <> pg_backend_pid()`, [
          db.name,
        ])
      )[0].n > 0;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await count()).toBe(before);
  });
});
