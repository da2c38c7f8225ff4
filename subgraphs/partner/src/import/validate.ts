import { badCharacterIn, DomainError } from '@coalition/shared';
import { normalizeBirthDate, normalizeIdentity, type IdentityInput } from '@coalition/shared/linkage';
import { ImportError } from './errors';
import { FIELDS, type FieldSpec, type ImportKind } from './fields';
import { cellOf, type ColumnSource, type Mapping } from './mapping';
import { looksLikeFooter } from './layout';
import type { CellValue, SheetRow } from './read';

import type { ImportRecord, OutcomeRecord, ParticipantConsent, ParticipantRecord, Rejection, StageEventRecord, SurveyAnswerRecord } from './records';

/** A value as stored: blank is null. */
const str = (x: unknown) => (x === undefined || x === '' ? null : (x as string));

export type { ImportRecord, OutcomeRecord, ParticipantConsent, ParticipantRecord, Rejection, StageEventRecord, SurveyAnswerRecord } from './records';

class FieldProblem extends Error {}

const normalizeCode = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
const show = (value: CellValue) => (value === null ? '' : value instanceof Date ? value.toISOString().slice(0, 10) : String(value));
/** The same rule as every API input (shared/src/input-hygiene.ts): PostgreSQL cannot store NUL, and the rest are accidents. */
const clean = (text: string) => {
  const reason = badCharacterIn(text);
  if (reason) throw new FieldProblem(reason);
  return text;
};

// Identity fields are checked by the linkage normaliser, the rules enrollment applies, one field
// at a time (beside a stand-in name and birth date) so that every bad field of a row is reported.
const STAND_IN: IdentityInput = { firstName: 'A', lastName: 'A', birthDate: '2000-01-01' };
/** "Invalid phone: must be ..." (enrollment's words) as the report says it: "phone must be ...". */
const reasonOf = (error: DomainError) => error.message.replace(/^Invalid ([^:]+): /, '$1 ');

function identityProblem(field: 'ssnLast4' | 'phone' | 'email', value: string, today: string): string | undefined {
  try {
    normalizeIdentity({ ...STAND_IN, [field]: value }, today);
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return reasonOf(error);
  }
}

function birthDateProblem(value: string, today: string): string | undefined {
  try {
    normalizeBirthDate(value, today);
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return reasonOf(error);
  }
}

/** One version of an indicator of the coalition's catalogue (the registry's), as far as an outcome row needs it. */
export interface CatalogueIndicator {
  code: string;
  version: number;
  valueType: 'BOOLEAN' | 'NUMBER';
}

export interface ValidatorOptions {
  /** Without it, indicator codes and value types are not checked (the catalogue is the registry's). */
  indicators?: readonly CatalogueIndicator[];
  /** YYYY-MM-DD; birth dates after it are refused */
  today?: string;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** Each accepted text date format: its pattern, and where year, month and day are in it (draft.ts reads it too). */
export const DATE_PATTERNS: Record<string, [RegExp, (m: RegExpExecArray) => [number, number, number]]> = {
  'YYYY-MM-DD': [/^(\d{4})-(\d{1,2})-(\d{1,2})$/, (m) => [+m[1], +m[2], +m[3]]],
  'M/D/YYYY': [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, (m) => [+m[3], +m[1], +m[2]]],
  'D/M/YYYY': [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, (m) => [+m[3], +m[2], +m[1]]],
  'D.M.YYYY': [/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, (m) => [+m[3], +m[2], +m[1]]],
  'YYYY/M/D': [/^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, (m) => [+m[1], +m[2], +m[3]]],
};

function parseDate(value: CellValue, formats: string[]): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    // An Excel serial date in a cell without date formatting (day 1 = 1900-01-01, with Excel's 1900 leap-year bug).
    if (value >= 1 && value < 2958466 && Number.isInteger(value)) return new Date(Date.UTC(1899, 11, 30) + value * 86_400_000).toISOString().slice(0, 10);
    throw new FieldProblem('is a number, not a date');
  }
  const text = String(value)
    .trim()
    .replace(/T00:00:00(\.000)?Z?$/, '');
  for (const format of formats) {
    const [pattern, parts] = DATE_PATTERNS[format];
    const match = pattern.exec(text);
    if (!match) continue;
    const iso = isoDate(...parts(match));
    if (!iso) throw new FieldProblem('is not a real calendar date');
    if (iso < '1900-01-01' || iso > '2100-12-31') throw new FieldProblem('is outside 1900-2100');
    return iso;
  }
  throw new FieldProblem(`is not a date in an accepted format (${formats.join(', ')})`);
}

function parseNumber(value: CellValue): number {
  if (typeof value === 'number') return value;
  const text = String(value)
    .trim()
    .replace(/^\$/, '')
    .replace(/,(?=\d{3}(\D|$))/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new FieldProblem('is not a number');
  return Number(text);
}

function translateCode(raw: string, spec: FieldSpec, source: ColumnSource | undefined): string {
  const key = normalizeCode(raw);
  const mapped = Object.entries(source?.codes ?? {}).find(([from]) => normalizeCode(from) === key)?.[1];
  if (mapped) return mapped;
  const direct = spec.codes?.find((code) => normalizeCode(code) === key);
  if (direct) return direct;
  throw new FieldProblem(`is not a known code: map it in the mapping's codes, or use one of ${spec.codes!.join(', ')}`);
}

function parseField(value: CellValue, spec: FieldSpec, source: ColumnSource | undefined, mapping: Mapping): unknown {
  switch (spec.type) {
    case 'id': {
      const text = clean(show(value).trim());
      if (text.length > 64) throw new FieldProblem('is longer than 64 characters');
      return text;
    }
    case 'text':
      return clean(show(value).trim());
    case 'date':
      return parseDate(value, mapping.dateFormats);
    case 'code':
      return translateCode(show(value), spec, source);
    case 'codes': {
      const separator = source?.separator;
      const parts = show(value)
        .split(separator ?? /[;,|]/)
        .map((p) => p.trim())
        .filter(Boolean);
      return [...new Set(parts.map((p) => translateCode(p, spec, source)))].sort((a, b) => spec.codes!.indexOf(a) - spec.codes!.indexOf(b));
    }
    case 'year': {
      const year = parseNumber(value);
      if (!Number.isInteger(year) || year < 1900 || year > new Date().getUTCFullYear()) throw new FieldProblem('is not a year between 1900 and this year');
      return year;
    }
    case 'int': {
      const n = parseNumber(value);
      if (!Number.isInteger(n) || n < 1) throw new FieldProblem('is not a whole number from 1');
      return n;
    }
    case 'number':
      return parseNumber(value);
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const key = normalizeCode(show(value));
      const mapped = Object.entries(source?.codes ?? {}).find(([from]) => normalizeCode(from) === key)?.[1];
      const text = (mapped ?? key).toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(text)) return true;
      if (['false', 'no', 'n', '0'].includes(text)) return false;
      throw new FieldProblem('is not yes/no (true/false, yes/no, y/n, 1/0)');
    }
    case 'pattern': {
      const text = show(value).trim();
      if (!spec.check!(text)) throw new FieldProblem(`is not ${spec.hint}`);
      return text;
    }
  }
}

// biome-ignore lint/suspicious/noExplicitAny: each entry takes its own kind's record type
const KEY_OF: Record<ImportKind, (record: any) => string> = {
  participants: (r: ParticipantRecord) => r.local_id,
  stage_events: (r: StageEventRecord) => `${r.participant_local_id}|${r.stage}|${r.entered_on}`,
  outcomes: (r: OutcomeRecord) => `${r.participant_local_id}|${r.indicator_code}|${r.indicator_version}|${r.period}|${r.wave}`,
  survey_answers: (r: SurveyAnswerRecord) => `${r.participant_local_id}|${r.question_code}|${r.wave}`,
};

/**
 * Turns spreadsheet rows into contract records. Every problem of a row is reported (file, row,
 * column, value, reason); a row with any problem yields no record. Blank rows are skipped.
 */
export class RowValidator {
  private readonly seen = new Map<string, number>();
  /** code -> version -> value type */
  private readonly indicators?: Map<string, Map<number, CatalogueIndicator['valueType']>>;
  private readonly today: string;
  readonly rejections: Rejection[] = [];
  blankRows = 0;

  constructor(
    private readonly file: string,
    private readonly mapping: Mapping,
    headers: string[],
    options: ValidatorOptions = {},
  ) {
    this.today = options.today ?? new Date().toISOString().slice(0, 10);
    if (options.indicators) {
      this.indicators = new Map();
      for (const { code, version, valueType } of options.indicators) {
        if (!this.indicators.has(code)) this.indicators.set(code, new Map());
        this.indicators.get(code)!.set(version, valueType);
      }
    }
    const missing = Object.entries(mapping.fields)
      .filter(([, source]) => 'column' in source && !headers.includes(source.column))
      .map(([field, source]) => `${field} -> "${(source as ColumnSource).column}"`);
    if (missing.length) {
      const message = `${file}: the mapping names columns the file does not have: ${missing.join(', ')}. Columns in the file: ${headers.join(', ')}`;
      throw new ImportError('COLUMNS_MISSING', message);
    }
  }

  validate(row: SheetRow): ImportRecord | undefined {
    if ([...row.cells.values()].every((v) => v === null)) {
      this.blankRows++;
      return undefined;
    }
    // A spreadsheet's totals or "generated on" line under the table: one plain reason, not a
    // list of missing fields for a person who is not there.
    const id = this.mapping.fields.localId;
    const idIndex = id && 'column' in id ? [...row.cells.keys()].indexOf(id.column) : -1;
    if (looksLikeFooter([...row.cells.values()], idIndex)) {
      const label = [...row.cells.values()].find((v) => v !== null && String(v).trim() !== '');
      this.rejections.push({
        file: this.file,
        row: row.row,
        column: '',
        value: show(label ?? ''),
        reason: 'looks like a totals or footer row, not a record; leave it out of the file or the range read',
      });
      return undefined;
    }
    const specs = FIELDS[this.mapping.kind];
    const values: Record<string, unknown> = {};
    const problems: Rejection[] = [];
    for (const [field, spec] of Object.entries(specs)) {
      const source = this.mapping.fields[field];
      if (!source) continue;
      const column = 'column' in source ? source.column : `(constant ${field})`;
      const raw: CellValue = 'column' in source ? cellOf(row.cells, source, this.mapping) : (source.value as CellValue);
      if (raw === null || (typeof raw === 'string' && raw.trim() === '')) {
        if (spec.required) problems.push({ file: this.file, row: row.row, column, value: '', reason: `${field} is required` });
        continue;
      }
      try {
        values[field] = parseField(raw, spec, 'column' in source ? source : undefined, this.mapping);
      } catch (error) {
        if (!(error instanceof FieldProblem)) throw error;
        problems.push({ file: this.file, row: row.row, column, value: show(raw), reason: `${field} ${error.message}` });
      }
    }
    const columnOf = (field: string) => {
      const source = this.mapping.fields[field];
      return source && 'column' in source ? source.column : field;
    };
    const record = problems.length
      ? undefined
      : this.build(values, (field, reason) => {
          problems.push({ file: this.file, row: row.row, column: columnOf(field), value: show((values[field] ?? null) as CellValue), reason });
          return undefined;
        });
    if (record) {
      const key = KEY_OF[this.mapping.kind](record);
      const first = this.seen.get(key);
      if (first !== undefined) {
        problems.push({ file: this.file, row: row.row, column: columnOf('localId'), value: key, reason: `duplicate of row ${first}` });
      } else {
        this.seen.set(key, row.row);
      }
    }
    if (problems.length) {
      this.rejections.push(...problems);
      return undefined;
    }
    return record;
  }

  // biome-ignore lint/suspicious/noExplicitAny: v holds values already checked against the mapping's field specs
  private build(v: Record<string, any>, problem: (field: string, reason: string) => undefined): ImportRecord | undefined {
    switch (this.mapping.kind) {
      case 'participants':
        return this.participant(v, problem);
      case 'stage_events':
        if (v.exitedOn && v.exitedOn < v.enteredOn) return problem('exitedOn', 'exitedOn is before enteredOn');
        return { participant_local_id: v.localId, stage: v.stage, entered_on: v.enteredOn, exited_on: str(v.exitedOn) };
      case 'outcomes':
        return this.outcome(v, problem);
      case 'survey_answers': {
        const given = ['answerNumber', 'answerBoolean', 'answerText'].filter((f) => v[f] !== undefined && v[f] !== '');
        if (given.length !== 1) return problem(given[1] ?? 'answerNumber', 'exactly one of answerNumber, answerBoolean and answerText must be given');
        return {
          participant_local_id: v.localId,
          question_code: v.questionCode,
          answer_number: v.answerNumber ?? null,
          answer_boolean: v.answerBoolean ?? null,
          answer_text: str(v.answerText),
          wave: v.wave,
          answered_on: str(v.answeredOn),
        };
      }
    }
  }

  // biome-ignore lint/suspicious/noExplicitAny: v holds values already checked against the mapping's field specs
  private participant(v: Record<string, any>, problem: (field: string, reason: string) => undefined): ImportRecord | undefined {
    if (v.exitedOn && v.exitedOn < v.enrolledOn) return problem('exitedOn', 'exitedOn is before enrolledOn');
    const birthYearFromDate = v.birthDate ? Number(String(v.birthDate).slice(0, 4)) : undefined;
    if (v.birthYear !== undefined && birthYearFromDate !== undefined && v.birthYear !== birthYearFromDate) {
      return problem('birthYear', `birthYear ${v.birthYear} disagrees with birthDate ${v.birthDate}`);
    }
    // As enrollment: identity fields by the linkage normaliser, then birth not after enrollment (it sets no minimum age).
    const identity = [
      ['ssnLast4', v.ssnLast4 && identityProblem('ssnLast4', v.ssnLast4, this.today)],
      ['phone', v.phone && identityProblem('phone', v.phone, this.today)],
      ['email', v.email && identityProblem('email', v.email, this.today)],
      ['birthDate', v.birthDate && birthDateProblem(v.birthDate, this.today)],
      ['enrolledOn', v.birthDate && v.birthDate > v.enrolledOn && 'enrolledOn is before the birth date'],
    ].filter(([, reason]) => reason);
    const consent = this.consent(v, problem);
    if (identity.length) {
      for (const [field, reason] of identity) problem(field, reason);
      return undefined;
    }
    if (consent === null) return undefined;
    return {
      local_id: v.localId,
      // A person who does not share its identity keeps no GSID, even one the file gives.
      gsid: consent?.share_identity === false ? null : str(v.gsid),
      enrolled_on: v.enrolledOn,
      exited_on: str(v.exitedOn),
      program_type: v.programType,
      sex: v.sex,
      race_ethnicity: v.raceEthnicity ?? [],
      birth_year: v.birthYear ?? birthYearFromDate ?? null,
      county_fips: str(v.countyFips),
      identity: {
        first_name: str(v.firstName),
        last_name: str(v.lastName),
        birth_date: str(v.birthDate),
        ssn_last4: str(v.ssnLast4),
        phone: str(v.phone),
        email: str(v.email),
      },
      ...(consent && { consent }),
    };
  }

  /** The row's consent fields: undefined when it gives none, null when they are not usable (reported). */
  // biome-ignore lint/suspicious/noExplicitAny: v holds values already checked against the mapping's field specs
  private consent(v: Record<string, any>, problem: (field: string, reason: string) => undefined): ParticipantConsent | undefined | null {
    const given = v.shareIdentity !== undefined || v.shareRecords !== undefined || v.inFigures !== undefined;
    if (!given && v.consentRecordedOn === undefined) return undefined;
    if (!given) {
      problem(
        'consentRecordedOn',
        'consentRecordedOn is given without shareIdentity, shareRecords or inFigures: give the consent it records, or leave it blank',
      );
      return null;
    }
    if (v.consentRecordedOn === undefined) {
      problem('consentRecordedOn', 'consentRecordedOn is required when consent is given');
      return null;
    }
    if (v.consentRecordedOn > this.today) {
      problem('consentRecordedOn', 'consentRecordedOn is in the future');
      return null;
    }
    return {
      share_identity: v.shareIdentity ?? null,
      share_records: v.shareRecords ?? null,
      in_figures: v.inFigures ?? null,
      recorded_on: v.consentRecordedOn,
    };
  }

  // biome-ignore lint/suspicious/noExplicitAny: v holds values already checked against the mapping's field specs
  private outcome(v: Record<string, any>, problem: (field: string, reason: string) => undefined): ImportRecord | undefined {
    if ((v.valueNumber === undefined) === (v.valueBoolean === undefined)) {
      return problem(v.valueNumber === undefined ? 'valueNumber' : 'valueBoolean', 'exactly one of valueNumber and valueBoolean must be given');
    }
    if (this.indicators) {
      const versions = this.indicators.get(v.indicatorCode);
      if (!versions) return problem('indicatorCode', `indicatorCode ${v.indicatorCode} is not in the coalition's indicator catalogue`);
      // The version given, else the latest the catalogue lists (the registry's list may name the latest only).
      const valueType = versions.get(v.indicatorVersion ?? 1) ?? versions.get(Math.max(...versions.keys()));
      if (valueType === 'BOOLEAN' && v.valueNumber !== undefined) {
        return problem('valueNumber', `${v.indicatorCode} is a yes/no indicator: give yes or no (valueBoolean), not the number ${v.valueNumber}`);
      }
      if (valueType === 'NUMBER' && v.valueBoolean !== undefined) {
        return problem('valueBoolean', `${v.indicatorCode} is a number indicator: give a number (valueNumber), not yes/no`);
      }
    }
    return {
      participant_local_id: v.localId,
      indicator_code: v.indicatorCode,
      indicator_version: v.indicatorVersion ?? 1,
      value_number: v.valueNumber ?? null,
      value_boolean: v.valueBoolean ?? null,
      period: v.period,
      wave: v.wave,
      observed_on: str(v.observedOn),
    };
  }
}
