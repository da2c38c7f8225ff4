import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMapping, createPartnerDataSource, importFile, type PartnerDataSource, type Rejection } from '@coalition/partner';
import { createTestDatabase } from '../support/database';

const dir = mkdtempSync(join(tmpdir(), 'cg-import-validation-'));

// Rows enrollment refuses, beside rows it accepts. Row numbers are the file's lines (1 = header).
const PARTICIPANTS = [
  'Client ID,Intake,Gender,First,Last,DOB,SSN4,Phone,Email',
  'P-1,2025-01-06,F,Ana,Silva,1990-02-03,1234,(614) 555-0142,a@b.org', // 2 ok
  'P-2,2025-01-06,M,Dmitri,Ivanov,1988-05-05,,555-0142,', // 3 phone without area code
  'P-3,2025-01-06,M,Dmitri,Petrov,1988-05-06,,,dmitri at example', // 4 not an e-mail
  'P-4,2025-01-06,F,Mia,Lund,1979-09-09,0000,,', // 5 SSN4 0000
  'P-5,2025-01-06,F,Eva,Berg,2025-03-01,,,', // 6 born after enrolling
  'P-6,2025-01-06,M,Leo,Park,2099-01-01,,,', // 7 born in the future (and after enrolling)
  'P-7,2025-02-01,M,Tom,Reyes,1970-07-07,,+1 614.555.0143,T.Reyes@Example.ORG', // 8 ok
].join('\n');

const participants = checkMapping({
  kind: 'participants',
  fields: {
    localId: 'Client ID',
    enrolledOn: 'Intake',
    sex: { column: 'Gender', codes: { F: 'FEMALE', M: 'MALE' } },
    programType: { value: 'TRAINING' },
    firstName: 'First',
    lastName: 'Last',
    birthDate: 'DOB',
    ssnLast4: 'SSN4',
    phone: 'Phone',
    email: 'Email',
  },
});

const OUTCOMES = [
  'Client ID,Indicator,Value,Yes/No,Period,Wave,Observed',
  'P-1,EMP_Q2,,yes,Q2_AFTER_EXIT,FOLLOW_UP,2025-10-01', // 2 ok
  'P-1,EMP_Q9,,yes,Q4_AFTER_EXIT,FOLLOW_UP,2025-10-01', // 3 no such indicator
  'P-7,EMP_Q2,7,,Q2_AFTER_EXIT,FOLLOW_UP,2025-10-01', // 4 a yes/no indicator given 7
  'P-7,EARN_Q2,8200,,Q2_AFTER_EXIT,FOLLOW_UP,2025-01-15', // 5 observed before P-7 enrolled (2025-02-01)
  'P-7,EARN_Q2,9100.50,,Q4_AFTER_EXIT,FOLLOW_UP,2025-10-01', // 6 ok
  'P-1,EARN_Q2,,yes,Q2_AFTER_EXIT,FOLLOW_UP,2025-10-01', // 7 a number indicator given yes
].join('\n');

const outcomes = checkMapping({
  kind: 'outcomes',
  fields: {
    localId: 'Client ID',
    indicatorCode: 'Indicator',
    valueNumber: 'Value',
    valueBoolean: 'Yes/No',
    period: 'Period',
    wave: 'Wave',
    observedOn: 'Observed',
  },
});

// As the registry's catalogue lists them (registry reference data).
const CATALOGUE = [
  { code: 'EMP_Q2', version: 1, valueType: 'BOOLEAN' as const },
  { code: 'EARN_Q2', version: 1, valueType: 'NUMBER' as const },
];

const brief = (rejections: Rejection[]) =>
  rejections.map(({ row, column, value, reason }) => ({ row, column, value, reason })).sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));

describe('import validation as strict as enrollment (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let partner: PartnerDataSource;
  const participantsCsv = join(dir, 'participants.csv');
  const outcomesCsv = join(dir, 'outcomes.csv');
  const query = (sql: string) => partner.dataSource.query(sql);

  beforeAll(async () => {
    db = await createTestDatabase('import_validation');
    partner = createPartnerDataSource(db.url);
    await partner.dataSource.initialize();
    await partner.dataSource.runMigrations({ transaction: 'each' });
    writeFileSync(participantsCsv, PARTICIPANTS);
    writeFileSync(outcomesCsv, OUTCOMES);
  });

  afterAll(async () => {
    await partner?.dataSource.destroy();
    await db?.drop();
  });

  it("rejects identity fields enrollment refuses, naming row, column and enrollment's reason; writes nothing", async () => {
    const result = await importFile({ file: participantsCsv, mapping: participants, dataSource: partner.dataSource });
    expect(result.status).toBe('rejected');
    expect(brief(result.rejections)).toEqual([
      { row: 3, column: 'Phone', value: '555-0142', reason: 'phone must be a 10-digit North American number' },
      { row: 4, column: 'Email', value: 'dmitri at example', reason: 'email is not an e-mail address' },
      { row: 5, column: 'SSN4', value: '0000', reason: 'ssnLast4 must be 4 digits, not 0000' },
      { row: 6, column: 'Intake', value: '2025-01-06', reason: 'enrolledOn is before the birth date' },
      { row: 7, column: 'DOB', value: '2099-01-01', reason: 'birthDate is in the future' },
      { row: 7, column: 'Intake', value: '2025-01-06', reason: 'enrolledOn is before the birth date' },
    ]);
    expect((await query('SELECT count(*)::int AS n FROM participant'))[0].n).toBe(0);
    expect((await query('SELECT count(*)::int AS n FROM participant_identity'))[0].n).toBe(0);
  });

  it('with skipInvalid writes only the valid rows, identities as given, and links only those', async () => {
    const linked: string[] = [];
    const result = await importFile({
      file: participantsCsv,
      mapping: participants,
      dataSource: partner.dataSource,
      skipInvalid: true,
      resolveGsids: async (records) => {
        linked.push(...records.map((r) => r.local_id));
        return new Map();
      },
    });
    expect(result).toMatchObject({ status: 'imported', inserted: 2 });
    expect(new Set(result.rejections.map((r) => r.row))).toEqual(new Set([3, 4, 5, 6, 7]));
    expect(linked).toEqual(['P-1', 'P-7']);
    expect(await query('SELECT local_id, ssn_last4, phone, email FROM participant_identity ORDER BY local_id')).toEqual([
      { local_id: 'P-1', ssn_last4: '1234', phone: '(614) 555-0142', email: 'a@b.org' },
      { local_id: 'P-7', ssn_last4: null, phone: '+1 614.555.0143', email: 'T.Reyes@Example.ORG' },
    ]);
  });

  it('rejects unknown indicator codes, values of the wrong type and outcomes observed before enrollment', async () => {
    const result = await importFile({ file: outcomesCsv, mapping: outcomes, dataSource: partner.dataSource, indicators: CATALOGUE });
    expect(result.status).toBe('rejected');
    expect(brief(result.rejections)).toEqual([
      { row: 3, column: 'Indicator', value: 'EMP_Q9', reason: "indicatorCode EMP_Q9 is not in the coalition's indicator catalogue" },
      { row: 4, column: 'Value', value: '7', reason: 'EMP_Q2 is a yes/no indicator: give yes or no (valueBoolean), not the number 7' },
      { row: 5, column: 'Observed', value: '2025-01-15', reason: "observed before enrolledOn 2025-02-01 (the participant's enrollment)" },
      { row: 7, column: 'Yes/No', value: 'true', reason: 'EARN_Q2 is a number indicator: give a number (valueNumber), not yes/no' },
    ]);
    expect((await query('SELECT count(*)::int AS n FROM outcome'))[0].n).toBe(0);
  });

  it('with skipInvalid writes only the valid outcomes', async () => {
    const result = await importFile({ file: outcomesCsv, mapping: outcomes, dataSource: partner.dataSource, indicators: CATALOGUE, skipInvalid: true });
    expect(result).toMatchObject({ status: 'imported', inserted: 2 });
    expect(new Set(result.rejections.map((r) => r.row))).toEqual(new Set([3, 4, 5, 7]));
    expect(await query('SELECT participant_local_id, indicator_code, value_number::float8, value_boolean FROM outcome ORDER BY participant_local_id')).toEqual([
      { participant_local_id: 'P-1', indicator_code: 'EMP_Q2', value_number: null, value_boolean: true },
      { participant_local_id: 'P-7', indicator_code: 'EARN_Q2', value_number: 9100.5, value_boolean: null },
    ]);
  });

  it('without a catalogue skips the indicator checks, but still refuses an outcome before enrollment', async () => {
    const result = await importFile({ file: outcomesCsv, mapping: outcomes, dataSource: partner.dataSource });
    expect(result.status).toBe('rejected');
    expect(brief(result.rejections)).toEqual([
      { row: 5, column: 'Observed', value: '2025-01-15', reason: "observed before enrolledOn 2025-02-01 (the participant's enrollment)" },
    ]);
  });
});
