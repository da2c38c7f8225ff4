import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse as parseYaml } from 'yaml';
import { checkMapping, createPartnerDataSource, draftMapping, importFile, type PartnerDataSource } from '@coalition/partner';
import { createTestDatabase } from '../support/database';
import { runNode } from '../support/node-command';

/** `init` on spreadsheets as partners export them: titles above the table, several sheets, totals below it. */
const dir = mkdtempSync(join(tmpdir(), 'cg-import-drafting-'));
const cli = join(__dirname, '..', '..', 'subgraphs', 'partner', 'dist', 'import', 'cli.js');

const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function workbook(name: string, sheets: Record<string, (sheet: ExcelJS.Worksheet) => void>): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const [sheetName, fill] of Object.entries(sheets)) fill(book.addWorksheet(sheetName));
  const path = join(dir, name);
  await book.xlsx.writeFile(path);
  return path;
}

/** The command as a partner runs it; resolves with its exit status and output. */
function coalitionImport(args: string[], databaseUrl?: string) {
  const { LINKAGE_SECRET: _secret, REGISTRY_URL: _url, ...env } = process.env;
  return runNode([cli, ...args], { ...env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
}

/** init writing to stdout: exit status 0, the drafted mapping parsed, and what it said on stderr. */
async function init(file: string, ...args: string[]) {
  const result = await coalitionImport(['init', file, '--kind', 'participants', ...args]);
  expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
  return { draft: parseYaml(result.stdout), stdout: result.stdout, stderr: result.stderr };
}

describe('init on real exports', () => {
  beforeAll(() => {
    expect(existsSync(cli)).toBe(true); // built by `npm test` before jest runs
  });

  describe('the header row', () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    let partner: PartnerDataSource;

    beforeAll(async () => {
      db = await createTestDatabase('import_drafting');
      partner = createPartnerDataSource(db.url);
      await partner.dataSource.initialize();
      await partner.dataSource.runMigrations({ transaction: 'each' });
    });

    afterAll(async () => {
      await partner?.dataSource.destroy();
      await db?.drop();
    });

    it('skips a merged title and an "exported on" line above an XLSX table, and run reads the table with the drafted headerRow', async () => {
      const xlsx = await workbook('titled.xlsx', {
        Clients: (sheet) => {
          sheet.getCell('A1').value = 'Client record';
          sheet.mergeCells('A1:C1');
          sheet.getCell('D1').value = 'Demographics';
          sheet.mergeCells('D1:F1');
          sheet.getCell('A2').value = 'Exported 2025-03-01 by J. Doe';
          sheet.addRow(['Client ID', 'Intake Date', 'Exit Date', 'Gender', 'First Name', 'Last Name']);
          sheet.addRow(['H-1', new Date(Date.UTC(2025, 0, 6)), null, 'F', 'Ann', 'Lee']);
          sheet.addRow(['H-2', '2025-01-07', '2025-02-01', 'M', 'Bo', 'Ek']);
          sheet.addRow(['H-3', '2025-01-08', null, 'F', 'Cy', 'Ng']);
        },
      });
      const out = join(dir, 'titled.yaml');
      const { status, stdout, stderr } = await coalitionImport(['init', xlsx, '--kind', 'participants', '--out', out]);
      expect({ status, stdout }).toEqual({ status: 0, stdout: '' });
      expect(stderr).toContain(`${xlsx}: header row 3 (rows 1-2 look like a title)\n`);
      const draft = parseYaml(readFileSync(out, 'utf8'));
      expect(draft).toMatchObject({
        headerRow: 3,
        fields: { localId: 'Client ID', enrolledOn: 'Intake Date', exitedOn: 'Exit Date', sex: { column: 'Gender' } },
      });
      expect(draft.sheet).toBeUndefined(); // one sheet: run reads it anyway

      const mapping = checkMapping({ ...draft, fields: { ...draft.fields, programType: { value: 'TRAINING' } } });
      const result = await importFile({ file: xlsx, mapping, dataSource: partner.dataSource });
      expect(result).toMatchObject({ status: 'imported', inserted: 3, rejections: [] });
      expect(await partner.dataSource.query(`SELECT local_id, enrolled_on::text FROM participant ORDER BY 1`)).toEqual([
        { local_id: 'H-1', enrolled_on: '2025-01-06' },
        { local_id: 'H-2', enrolled_on: '2025-01-07' },
        { local_id: 'H-3', enrolled_on: '2025-01-08' },
      ]);
    });

    it('finds the header row of a CSV below a title line and a blank line (semicolons, the title padded with them)', async () => {
      const csv = write('titled.csv', 'Client record;;;\n;;;\nClient ID;Intake Date;Gender;Last Name\nK-1;2025-01-06;F;Lee\nK-2;2025-01-07;M;Ek\n');
      const { draft, stderr } = await init(csv);
      expect(stderr).toContain(`${csv}: header row 3 (rows 1-2 look like a title)\n`);
      expect(draft).toMatchObject({ headerRow: 3, fields: { localId: 'Client ID', enrolledOn: 'Intake Date', lastName: 'Last Name' } });
      expect(draft.delimiter).toBeUndefined(); // run finds the semicolon on the header line itself
    });

    it('keeps row 1 when the table starts there, says when rows above are blank, and takes --header-row as given', async () => {
      const plain = write('plain.csv', 'Client ID,Intake Date,Gender\nP-1,2025-01-06,F\nP-2,2025-01-07,M\n');
      const first = await init(plain);
      expect(first.stderr).toContain(`${plain}: header row 1\n`);
      expect(first.draft.headerRow).toBe(1);

      const xlsx = await workbook('blank-top.xlsx', {
        Clients: (sheet) => {
          sheet.getCell('A2').value = 'Client ID';
          sheet.getCell('B2').value = 'Intake Date';
          sheet.getCell('C2').value = 'Gender';
          sheet.addRow(['B-1', '2025-01-06', 'F']);
        },
      });
      const blank = await init(xlsx);
      expect(blank.stderr).toContain('header row 2 (row 1 is blank)');
      expect(blank.draft.headerRow).toBe(2);

      const given = await init(plain, '--header-row', '2');
      expect(given.stderr).toContain('header row 2 (as given)');
      expect(given.draft.headerRow).toBe(2);

      const bad = await coalitionImport(['init', plain, '--kind', 'participants', '--header-row', 'two']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('init: --header-row must be a row number from 1; got "two"');
    });
  });

  describe('sheets', () => {
    it('lists the sheets with their row counts, reads the first with rows, and names it in the mapping', async () => {
      const xlsx = await workbook('sheets.xlsx', {
        Cover: () => {},
        'Clients 2025': (sheet) => {
          sheet.addRow(['Client ID', 'Intake Date', 'Gender']);
          sheet.addRow(['S-1', '2025-01-06', 'F']);
          sheet.addRow(['S-2', '2025-01-07', 'M']);
        },
        Lookups: (sheet) => {
          sheet.addRow(['Code', 'Meaning']);
        },
      });
      const { draft, stderr } = await init(xlsx);
      expect(stderr).toContain(
        `${xlsx}: sheets: "Cover" (0 rows), "Clients 2025" (3 rows), "Lookups" (1 row); reading "Clients 2025", the first sheet with rows (--sheet NAME reads another)\n`,
      );
      expect(draft).toMatchObject({
        sheet: 'Clients 2025',
        headerRow: 1,
        fields: { localId: 'Client ID', sex: { column: 'Gender', codes: { F: 'FEMALE', M: 'MALE' } } },
      });

      const chosen = await init(xlsx, '--sheet', 'Lookups');
      expect(chosen.stderr).not.toContain('sheets:');
      expect(chosen.draft.sheet).toBe('Lookups');

      const unknown = await coalitionImport(['init', xlsx, '--kind', 'participants', '--sheet', 'Clients']);
      expect({ status: unknown.status, stdout: unknown.stdout }).toEqual({ status: 2, stdout: '' });
      expect(unknown.stderr).toBe(`${xlsx}: no sheet named "Clients"; the workbook's sheets: "Cover" (0 rows), "Clients 2025" (3 rows), "Lookups" (1 row)\n`);
    });
  });

  describe('totals and footer rows', () => {
    it.each([
      ['Total', ['Total', null, null, 7]],
      ['Totals', ['Totals', null, null, 7]],
      ['Grand total', ['Grand total', null, null, '7']],
      ['Generated on ...', ['Generated on 2025-03-01 14:02', null, null, null]],
      ['Count: 12', ['Count: 12', null, null, null]],
      ['no id, numbers filled', [null, null, null, 7]],
    ])('reports a last row "%s" as a totals/footer row', async (_label, footer) => {
      const xlsx = await workbook(`footer-${_label.replace(/\W+/g, '-')}.xlsx`, {
        Clients: (sheet) => {
          sheet.addRow(['Client ID', 'Intake Date', 'Gender', 'Hours']);
          sheet.addRow(['F-1', '2025-01-06', 'F', 3]);
          sheet.addRow(['F-2', '2025-01-07', 'M', 4]);
          sheet.addRow([]);
          sheet.addRow(footer);
        },
      });
      const { draft, stdout, stderr } = await init(xlsx);
      expect(stderr).toContain(`${xlsx}: row 5 looks like a totals/footer row; exclude it`);
      expect(stderr).not.toMatch(/row [23] looks like/);
      expect(stdout).toContain('#   row 5 looks like a totals/footer row; exclude it'); // kept in the drafted mapping too
      expect(draft.fields.localId).toBe('Client ID');
    });

    it('reports a totals line and a "generated" line below it, and no data row, even one without an id', async () => {
      const csv = write(
        'footers.csv',
        'Client ID,Intake Date,Gender,Hours\nG-1,2025-01-06,F,3\n,2025-01-07,M,4\nG-3,2025-01-08,F,5\nTotal,,,12\nGenerated on 2025-03-01,,,\n',
      );
      const { stderr } = await init(csv);
      expect(stderr.match(/row \d+ looks like a totals\/footer row/g)).toEqual([
        'row 5 looks like a totals/footer row',
        'row 6 looks like a totals/footer row',
      ]);

      const clean = write('no-footer.csv', 'Client ID,Intake Date,Gender,Hours\nG-1,2025-01-06,F,3\n,2025-01-07,M,4\n');
      expect((await init(clean)).stderr).not.toContain('totals/footer');
    });
  });

  describe('header spellings', () => {
    it.each([
      ['Client #', 'localId'],
      ['client no.', 'localId'],
      ['CASE NO', 'localId'],
      ['Case Number', 'localId'],
      ['E-mail', 'email'],
      ['Email Address', 'email'],
      ['Start', 'enrolledOn'],
      ['start date', 'enrolledOn'],
      ['INTAKE', 'enrolledOn'],
      ['End', 'exitedOn'],
      ['End Date', 'exitedOn'],
      ['Exit', 'exitedOn'],
      ['DOB', 'birthDate'],
      ['D.O.B.', 'birthDate'],
      ['Date of Birth', 'birthDate'],
      ['Phone Number', 'phone'],
      ['Cell', 'phone'],
    ])('maps "%s" to %s', async (header, field) => {
      const csv = write(`spelling-${field}-${header.replace(/\W+/g, '_')}.csv`, `${header},Gender\nx,F\n`);
      const draft = parseYaml(await draftMapping(csv, 'participants'));
      expect(draft.fields[field]).toBe(header);
    });

    it('leaves a header that only resembles one unmapped', async () => {
      const csv = write('spelling-near.csv', 'Exit Reason,Client Name,Gender\nmoved,Ann,F\n');
      const draft = parseYaml(await draftMapping(csv, 'participants'));
      expect(draft.fields.exitedOn).toBeUndefined();
      expect(draft.fields.localId).toBeUndefined();
    });
  });

  describe('date hints', () => {
    it('declares D/M/YYYY first when the dates only read day first', async () => {
      const csv = write('day-first.csv', 'Client ID,Intake Date,Gender\nD-1,3/4/2024,F\nD-2,13/4/2024,M\n');
      const { draft, stdout, stderr } = await init(csv);
      expect(draft.dateFormats).toEqual(['D/M/YYYY', 'YYYY-MM-DD']);
      expect(stderr).toContain(`${csv}: dates are day first (Intake Date: 13/4/2024): declare D/M/YYYY`);
      expect(stdout).toContain('declare D/M/YYYY');
      // The drafted formats read 3/4/2024 as 3 April.
      expect(checkMapping({ ...draft, fields: { ...draft.fields, programType: { value: 'TRAINING' } } }).dateFormats[0]).toBe('D/M/YYYY');
    });

    it('keeps month first when the dates read that way, and says when a file mixes both orders', async () => {
      const us = write('month-first.csv', 'Client ID,Intake Date,Gender\nM-1,3/4/2024,F\nM-2,4/13/2024,M\n');
      const monthFirst = await init(us);
      expect(monthFirst.draft.dateFormats).toEqual(['YYYY-MM-DD', 'M/D/YYYY']);
      expect(monthFirst.stderr).not.toContain('day first');

      const mixed = write('mixed-order.csv', 'Client ID,Intake Date,Exit Date,Gender\nX-1,13/4/2024,4/20/2024,F\n');
      const both = await init(mixed);
      expect(both.stderr).toContain('dates are written both day first (Intake Date: 13/4/2024) and month first (Exit Date: 4/20/2024)');
    });

    it('reports a birth date in the future, as a hint', async () => {
      const next = new Date().getUTCFullYear() + 1;
      const xlsx = await workbook('future-birth.xlsx', {
        Clients: (sheet) => {
          sheet.addRow(['Client ID', 'Intake Date', 'Gender', 'DOB']);
          sheet.addRow(['B-1', '2025-01-06', 'F', '1990-02-03']);
          sheet.addRow(['B-2', '2025-01-07', 'M', new Date(Date.UTC(next, 5, 1))]);
          sheet.addRow(['B-3', '2025-01-08', 'F', `2/3/${next}`]);
        },
      });
      const { draft, stderr } = await init(xlsx);
      expect(stderr).toContain(`${xlsx}: row 3: birth date ${next}-06-01 (DOB) is in the future`);
      expect(stderr).toContain(`${xlsx}: row 4: birth date ${next}-02-03 (DOB) is in the future`);
      expect(stderr).not.toContain('row 2: birth date');
      expect(draft.fields.birthDate).toBe('DOB');
    });
  });
});
