import { stringify } from 'yaml';
import { FIELDS, type ImportKind } from './fields';
import { NULL_TOKENS } from './mapping';
import { DATE_PATTERNS } from './validate';
import { detectHeaderRow, looksLikeFooter } from './layout';
import { type CellValue, detectDelimiter, type RawRow, type Sheet, sheetList, surveyFile } from './read';

const normalize = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9/]+/g, ' ')
    .trim();

/** A header as init matches it: "Client #" and "Client No." read "client number", "E-mail" "e mail". */
const headerKey = (text: string) =>
  normalize(text.replace(/#/g, ' number '))
    .replace(/(\S) (no|nbr|num)$/, '$1 number')
    .replace(/\s+/g, ' ');

// Spellings exports use beyond the aliases of fields.ts (read through headerKey).
const ID_SPELLINGS = ['client number', 'case number', 'participant number'];
const MORE_ALIASES: Record<ImportKind, Record<string, string[]>> = {
  participants: {
    localId: ID_SPELLINGS,
    enrolledOn: ['start', 'start date', 'intake', 'intake date', 'enrollment', 'enrolment date'],
    exitedOn: ['end', 'end date', 'exit', 'exit date'],
    birthDate: ['dob', 'd o b', 'date of birth'],
    phone: ['phone number', 'cell', 'cell phone', 'mobile phone'],
    email: ['e mail', 'email address', 'e mail address'],
  },
  stage_events: { localId: ID_SPELLINGS },
  outcomes: { localId: ID_SPELLINGS },
  survey_answers: { localId: ID_SPELLINGS },
};

/** The date a text means in a format, or undefined when it is not one (or not a real day). */
function dateIn(text: string, format: string): string | undefined {
  const [pattern, parts] = DATE_PATTERNS[format];
  const match = pattern.exec(text);
  if (!match) return undefined;
  const [year, month, day] = parts(match);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

const dateText = (value: CellValue) => (typeof value === 'string' ? value.trim().replace(/T00:00:00(\.000)?Z?$/, '') : undefined);

/** A cell as the date run would read, as far as init can tell. */
function isoDate(value: CellValue, formats: string[]): string | undefined {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  // An Excel serial date in a cell without date formatting, as validate.ts reads it.
  if (typeof value === 'number')
    return Number.isInteger(value) && value >= 1 && value < 2958466
      ? new Date(Date.UTC(1899, 11, 30) + value * 86_400_000).toISOString().slice(0, 10)
      : undefined;
  const text = dateText(value);
  for (const format of text ? formats : []) {
    const iso = dateIn(text!, format);
    if (iso) return iso;
  }
  return undefined;
}

const DEFAULT_DATE_FORMATS = ['YYYY-MM-DD', 'M/D/YYYY'];

/** Text dates seen in the date columns: an example of each kind that decides the formats to declare. */
interface DateKinds {
  dayFirst?: { column: string; text: string };
  monthFirst?: { column: string; text: string };
  dotted?: { column: string; text: string };
  yearFirstSlash?: { column: string; text: string };
}

function noteDateText(kinds: DateKinds, column: string, text: string): void {
  const example = { column, text };
  const dayMonth = dateIn(text, 'D/M/YYYY');
  const monthDay = dateIn(text, 'M/D/YYYY');
  if (dayMonth && !monthDay) kinds.dayFirst ??= example;
  else if (monthDay && !dayMonth) kinds.monthFirst ??= example;
  else if (dateIn(text, 'D.M.YYYY')) kinds.dotted ??= example;
  else if (dateIn(text, 'YYYY/M/D')) kinds.yearFirstSlash ??= example;
}

/** The formats to declare, and why when they are not the default. */
function dateFormatsFor(kinds: DateKinds, notes: string[]): string[] {
  let formats = [...DEFAULT_DATE_FORMATS];
  const { dayFirst, monthFirst, dotted, yearFirstSlash } = kinds;
  if (dayFirst && monthFirst) {
    notes.push(
      `dates are written both day first (${dayFirst.column}: ${dayFirst.text}) and month first (${monthFirst.column}: ${monthFirst.text}); ` +
        'run reads one order only, so make them one order in the file',
    );
  } else if (dayFirst) {
    // Day first: D/M/YYYY must come first, and M/D/YYYY goes, or 3/4/2024 would be read as March 4.
    formats = ['D/M/YYYY', 'YYYY-MM-DD'];
    notes.push(
      `dates are day first (${dayFirst.column}: ${dayFirst.text}): declare D/M/YYYY (first in dateFormats, so 3/4/2024 reads as 3 April); M/D/YYYY is left out`,
    );
  }
  if (dotted) {
    formats.push('D.M.YYYY');
    notes.push(`dates such as ${dotted.text} (${dotted.column}): D.M.YYYY is declared`);
  }
  if (yearFirstSlash) {
    formats.push('YYYY/M/D');
    notes.push(`dates such as ${yearFirstSlash.text} (${yearFirstSlash.column}): YYYY/M/D is declared`);
  }
  return formats;
}

export interface DraftOptions {
  sheet?: string;
  headerRow?: number;
  delimiter?: string;
}

export interface Draft {
  /** The mapping, as YAML with comments. */
  text: string;
  /** What init found while reading (the header row, the sheet, footer rows, dates): for the person running it. */
  notes: string[];
}

/**
 * A first mapping drafted from a file's headers (and, for code fields, the values found), for
 * a person to check: unmatched fields and unknown codes are left as TODOs.
 */
export async function draftMapping(file: string, kind: ImportKind, options: DraftOptions = {}): Promise<string> {
  return (await draft(file, kind, options)).text;
}

/** The draft mapping and what init noticed on the way: the sheet and header row it chose, footer rows, date formats. */
export async function draft(file: string, kind: ImportKind, options: DraftOptions = {}): Promise<Draft> {
  const notes: string[] = [];
  const { survey, headerRow, delimiter, sheet } = await openTable(file, options, notes);
  const { columns, todo } = matchColumns(kind, sheet.headers);
  const scan = await scanRows(kind, sheet, columns);
  const dateFormats = rowNotes(scan, columns, sheet.headers, notes);
  const unmapped = sheet.headers.filter((h) => ![...columns.values()].includes(h));
  const comments = [
    `# Draft mapping for ${file}: check every line before importing.`,
    ...(notes.length ? ['# Found while reading the file:', ...notes.map((n) => `#   ${n}`)] : []),
    ...(todo.length ? ['# Not found in the file (map them, or give a constant as { value: ... }):', ...todo.map((t) => `#   ${t}`)] : []),
    ...(unmapped.length ? [`# Columns not imported: ${unmapped.join(', ')}`] : []),
    ...(scan.blanks.size
      ? [
          `# Read as blank (null tokens): ${[...scan.blanks].map(([column, tokens]) => `${column} (${[...tokens].join(', ')})`).join('; ')}.`,
          "#   To keep one as a value, map it in the column's codes.",
        ]
      : []),
  ];
  const mapping = {
    kind,
    // A workbook of several sheets names the one read: run reads the first unless told.
    ...(options.sheet !== undefined || (survey.sheets?.length ?? 0) > 1 ? { sheet: survey.sheet } : {}),
    headerRow,
    // A delimiter given to init is kept, so run reads the file the same way.
    ...(delimiter ? { delimiter: delimiter === '\t' ? 'tab' : delimiter } : {}),
    dateFormats,
    fields: draftFields(kind, columns, scan.distinct),
  };
  return { text: `${comments.join('\n')}\n${stringify(mapping)}`, notes };
}

/** The sheet (the one asked for, else the first with rows) read from its header row (given, else found). */
async function openTable(file: string, options: DraftOptions, notes: string[]) {
  const survey = await surveyFile(file, { sheet: options.sheet, delimiter: options.delimiter });
  if (survey.sheets && survey.sheets.length > 1 && options.sheet === undefined) {
    const first = survey.sheets[0].name === survey.sheet ? 'the first sheet' : 'the first sheet with rows';
    notes.push(`sheets: ${sheetList(survey.sheets)}; reading "${survey.sheet}", ${first} (--sheet NAME reads another)`);
  }
  const header = options.headerRow ? { row: options.headerRow, note: `header row ${options.headerRow} (as given)` } : detectHeaderRow(survey.top);
  notes.push(header.note);
  // CSV: run finds the delimiter on the header line; if that finds another than the top rows were split at, the mapping names it.
  let delimiter = options.delimiter;
  if (survey.delimiter && !delimiter && detectDelimiter(file, header.row) !== survey.delimiter) delimiter = survey.delimiter;
  return { survey, headerRow: header.row, delimiter, sheet: await survey.open(header.row, delimiter) };
}

/** Each field's column, from the headers alone: the first not taken whose name is one of the field's spellings. */
function matchColumns(kind: ImportKind, headers: string[]): { columns: Map<string, string>; todo: string[] } {
  const columns = new Map<string, string>();
  const used = new Set<string>();
  const todo: string[] = [];
  for (const [field, spec] of Object.entries(FIELDS[kind])) {
    const keys = new Set([...spec.aliases, ...(MORE_ALIASES[kind][field] ?? []), field].map(headerKey));
    const column = headers.find((h) => !used.has(h) && keys.has(headerKey(h)));
    if (!column) {
      if (spec.required) todo.push(`${field} (required): ${spec.description}`);
      continue;
    }
    used.add(column);
    columns.set(field, column);
  }
  return { columns, todo };
}

interface Scan {
  /** Per column, up to 50 values of the first 5,000 rows: the codes to draft. */
  distinct: Map<string, Set<string>>;
  /** Null tokens (N/A, -) are read as blank on import, so they get no code; the draft lists them instead. */
  blanks: Map<string, Set<string>>;
  dates: DateKinds;
  births: Array<{ row: number; value: CellValue }>;
  /** The last rows with values: exports add totals and "generated on" lines below the data. */
  tail: RawRow[];
}

async function scanRows(kind: ImportKind, sheet: Sheet, columns: Map<string, string>): Promise<Scan> {
  const scan: Scan = { distinct: new Map(sheet.headers.map((h) => [h, new Set()])), blanks: new Map(), dates: {}, births: [], tail: [] };
  const dateColumns = [...columns].filter(([field]) => FIELDS[kind][field].type === 'date').map(([, column]) => column);
  const birthColumn = kind === 'participants' ? columns.get('birthDate') : undefined;
  let sampled = 0;
  for await (const row of sheet.rows) {
    if (sampled++ < 5_000) {
      for (const [header, value] of row.cells) {
        const text = value === null ? '' : String(value).trim();
        if (NULL_TOKENS.includes(text.toLowerCase())) scan.blanks.set(header, (scan.blanks.get(header) ?? new Set()).add(text));
        else if (text && scan.distinct.get(header)!.size < 50) scan.distinct.get(header)!.add(text);
      }
    }
    const values = sheet.headers.map((h) => row.cells.get(h) ?? null);
    if (values.every((v) => v === null)) continue;
    scan.tail.push({ row: row.row, values });
    if (scan.tail.length > 5) scan.tail.shift();
    for (const column of dateColumns) {
      const text = dateText(row.cells.get(column) ?? null);
      if (text) noteDateText(scan.dates, column, text);
    }
    const birth = birthColumn ? (row.cells.get(birthColumn) ?? null) : null;
    if (birth !== null) scan.births.push({ row: row.row, value: birth });
  }
  return scan;
}

/** Notes on the rows (footer rows, date order, birth dates in the future); returns the date formats to declare. */
function rowNotes(scan: Scan, columns: Map<string, string>, headers: string[], notes: string[]): string[] {
  const idIndex = Math.max(0, headers.indexOf(columns.get('localId') ?? ''));
  const footers: number[] = [];
  for (let i = scan.tail.length - 1; i >= 0 && looksLikeFooter(scan.tail[i].values, idIndex); i--) footers.unshift(scan.tail[i].row);
  for (const row of footers) notes.push(`row ${row} looks like a totals/footer row; exclude it (delete it from the file before run)`);

  const dateFormats = dateFormatsFor(scan.dates, notes);
  // A hint only: run rejects these rows, with its own reason.
  const today = new Date().toISOString().slice(0, 10);
  const future = scan.births.map((b) => ({ ...b, iso: isoDate(b.value, dateFormats) })).filter((b) => b.iso && b.iso > today);
  for (const { row, iso } of future.slice(0, 5)) {
    notes.push(`row ${row}: birth date ${iso} (${columns.get('birthDate')}) is in the future; check it (run will reject the row)`);
  }
  if (future.length > 5) notes.push(`... and ${future.length - 5} more birth dates in the future`);
  return dateFormats;
}

/** The mapping's fields: a column each, with a code guessed for every value found in code columns. */
function draftFields(kind: ImportKind, columns: Map<string, string>, distinct: Map<string, Set<string>>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [field, column] of columns) {
    const spec = FIELDS[kind][field];
    if (!spec.codes) {
      fields[field] = column;
      continue;
    }
    const codes: Record<string, string> = {};
    for (const value of distinct.get(column)!) {
      for (const part of spec.type === 'codes' ? value.split(/[;,|]/) : [value]) {
        const key = part.trim();
        if (!key) continue;
        const guess = spec.codes.find((code) => normalize(code) === normalize(key)) ?? spec.codes.find((code) => normalize(code).startsWith(normalize(key)));
        codes[key] = guess ?? `TODO: one of ${spec.codes.join(', ')}`;
      }
    }
    fields[field] = { column, codes };
  }
  return fields;
}
