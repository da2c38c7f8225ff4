import { closeSync, constants, createReadStream, openSync, readSync, statSync, accessSync } from 'node:fs';
import { extname } from 'node:path';
import { CsvError, parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { ImportError } from './errors';

export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** The row number a person sees in the spreadsheet (1 = first line of the file). */
  row: number;
  cells: Map<string, CellValue>;
}

export interface Sheet {
  headers: string[];
  rows: AsyncIterable<SheetRow>;
}

export class ReadError extends ImportError {
  constructor(message: string) {
    super('FILE_UNREADABLE', message);
  }
}

function cleanHeader(value: CellValue, index: number): string {
  const text = value === null || value === undefined ? '' : String(value).replace(/\s+/g, ' ').trim();
  return text || `column ${index + 1}`;
}

/** Why a file cannot be opened, in plain words. */
function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  return code ?? (error as Error).message.split('\n')[0];
}

/** Fails with one line naming the file and the reason, before anything else is done with it. */
export function assertReadable(file: string, what = 'file'): void {
  let problem: string | undefined;
  try {
    if (statSync(file).isDirectory()) problem = 'it is a folder, not a file';
    else accessSync(file, constants.R_OK);
  } catch (error) {
    problem = fileProblem(error);
  }
  if (problem) throw new ReadError(`${file}: cannot read the ${what} (${problem})`);
}

export interface SheetOptions {
  sheet?: string;
  headerRow: number;
  /** CSV: the field delimiter; detected from the header line when not given. */
  delimiter?: string;
}

/** Reads a CSV (streamed) or XLSX (loaded whole, as exceljs does) file as rows of named cells. */
export async function openSheet(file: string, options: SheetOptions): Promise<Sheet> {
  assertReadable(file);
  const extension = extname(file).toLowerCase();
  if (TEXT_EXTENSIONS.includes(extension)) return openCsv(file, options);
  if (extension === '.xlsx') return openXlsx(file, options);
  throw unsupported(file, extension);
}

const TEXT_EXTENSIONS = ['.csv', '.txt', '.tsv'];
const unsupported = (file: string, extension: string) => new ReadError(`${file}: unsupported file type "${extension}" (use .csv, .tsv, .txt or .xlsx)`);

export const DELIMITERS = [',', ';', '\t', '|'] as const;

/** "tab", "\t" or one character other than a quote or line break; undefined for anything else. */
export function parseDelimiter(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value === 'tab' || value === '\\t') return '\t';
  return value.length === 1 && !'"\r\n'.includes(value) ? value : undefined;
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'vertical bar (|)' };
const delimiterName = (delimiter: string) => DELIMITER_NAMES[delimiter] ?? `"${delimiter}"`;

/** The number of fields of each record in a text, split at the delimiter outside quotes. */
function fieldCounts(text: string, delimiter: string): number[] {
  const counts: number[] = [];
  let fields = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === delimiter) fields++;
    else if (c === '\n') {
      counts.push(fields);
      fields = 1;
    }
  }
  return counts;
}

/** The first 64 KiB of a file as whole lines, without a byte order mark. */
function sampleLines(file: string): string {
  const buffer = Buffer.alloc(64 * 1024);
  const fd = openSync(file, 'r');
  let length: number;
  try {
    length = readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(fd);
  }
  const text = buffer.toString('utf8', 0, length).replace(/^\uFEFF/, '');
  // Only whole lines: a sample that stops mid-line would miscount its last record.
  if (length === buffer.length) return text.slice(0, text.lastIndexOf('\n') + 1);
  return text.endsWith('\n') ? text : `${text}\n`;
}

/**
 * The delimiter that splits the header line into several fields and the next lines into as many:
 * the most consistent wins, then the one giving more columns; a comma when none splits the header.
 */
export function detectDelimiter(file: string, headerRow: number): string {
  const text = sampleLines(file);
  let best = { delimiter: ',', consistent: -1, columns: 1 };
  for (const delimiter of DELIMITERS) {
    const [columns, ...next] = fieldCounts(text, delimiter).slice(headerRow - 1, headerRow + 9);
    if (columns === undefined || columns < 2) continue;
    const consistent = next.filter((n) => n === columns).length;
    if (consistent > best.consistent || (consistent === best.consistent && columns > best.columns)) best = { delimiter, consistent, columns };
  }
  return best.delimiter;
}

/**
 * Before the header row is known: the delimiter that splits the most of the first lines into the
 * same number (2 or more) of fields, so a title line above the table does not decide it.
 */
function guessDelimiter(file: string): string {
  const text = sampleLines(file);
  let best = { delimiter: ',', lines: 0, columns: 1 };
  for (const delimiter of DELIMITERS) {
    const lines = new Map<number, number>();
    for (const n of fieldCounts(text, delimiter).slice(0, TOP_ROWS)) if (n >= 2) lines.set(n, (lines.get(n) ?? 0) + 1);
    for (const [columns, count] of lines) {
      if (count > best.lines || (count === best.lines && columns > best.columns)) best = { delimiter, lines: count, columns };
    }
  }
  return best.delimiter;
}

/** A csv-parse error as the line it happened on and what is wrong there, in plain words. */
function csvProblem(file: string, error: CsvError, delimiter: string, lastRecordEnd: number): ReadError {
  const line = (error as CsvError & { lines?: number }).lines;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      // csv-parse reports the end of the file; the quote opened where the unfinished record starts.
      return new ReadError(
        `${file}: line ${lastRecordEnd + 1}: a quote (") opens a value that is never closed, so the rest of the file would be read as that one value; close or remove the quote`,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new ReadError(
        `${file}: line ${line}: a quoted value is followed by more text before the next ${delimiterName(delimiter)}; ` +
          `quote whole values (write a quote inside one as ""), or give the right --delimiter`,
      );
    case 'INVALID_OPENING_QUOTE':
      return new ReadError(`${file}: line ${line}: a quote (") in the middle of a value; quote the whole value and write the quote inside it as ""`);
    default:
      return new ReadError(`${file}: line ${line}: cannot be read as CSV (${error.message})`);
  }
}

/** A CSV file's records, numbered from 1; a parse error ends them with the line and the reason. */
async function* csvRecords(file: string, delimiter: string): AsyncGenerator<{ line: number; values: string[] }> {
  let lastRecordEnd = 0;
  const input = createReadStream(file);
  const parser = input.pipe(
    parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      on_record: (record, context) => {
        lastRecordEnd = context.lines;
        return record;
      },
    }),
  );
  // A read error (the file removed or locked mid-way) ends the rows with the reason, not a crash.
  input.on('error', (error) => parser.destroy(new ReadError(`${file}: cannot read the file (${fileProblem(error)})`)));
  const iterator = parser[Symbol.asyncIterator]();
  let line = 0;
  try {
    for (;;) {
      let record: IteratorResult<string[]>;
      try {
        record = await iterator.next();
      } catch (error) {
        throw error instanceof CsvError ? csvProblem(file, error, delimiter, lastRecordEnd) : error;
      }
      if (record.done) return;
      yield { line: ++line, values: record.value };
    }
  } finally {
    // A reader that stops early (init reads the top rows only) closes the file.
    input.destroy();
  }
}

async function openCsv(file: string, options: SheetOptions): Promise<Sheet> {
  const { headerRow } = options;
  const delimiter = options.delimiter ?? detectDelimiter(file, headerRow);
  const records = csvRecords(file, delimiter);
  let lines = 0;
  let headers: string[] = [];
  for (;;) {
    const record = await records.next();
    if (record.done) throw new ReadError(`${file}: no header row ${headerRow} (the file has ${lines} rows)`);
    lines = record.value.line;
    if (lines === headerRow) {
      headers = record.value.values.map((v, i) => cleanHeader(v, i));
      break;
    }
  }
  async function* rows(): AsyncIterable<SheetRow> {
    for await (const { line, values } of records) {
      yield { row: line, cells: new Map(headers.map((h, i) => [h, values[i] === undefined || values[i] === '' ? null : values[i]])) };
    }
  }
  return { headers, rows: rows() };
}

/** A cell as a plain value: formulas give their result, rich text its text, hyperlinks their text. */
function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'object') {
    if ('result' in value) return cellValue((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('richText' in value) return (value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
    if ('error' in value) return null;
  }
  return String(value);
}

async function loadWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new ReadError(`${file}: not a readable XLSX workbook (${(error as Error).message})`);
  }
  return workbook;
}

const rowCount = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;

/** A workbook's sheets as a person picks one: "Clients" (120 rows), "Summary" (4 rows). */
export const sheetList = (sheets: readonly SheetInfo[]) => sheets.map((s) => `"${s.name}" (${rowCount(s.rows)})`).join(', ');

const sheetsOf = (workbook: ExcelJS.Workbook): SheetInfo[] => workbook.worksheets.map((w) => ({ name: w.name, rows: w.actualRowCount }));

/** The sheet asked for, or the first; a name the workbook lacks is refused with the names it has. */
function worksheetOf(file: string, workbook: ExcelJS.Workbook, name: string | undefined): ExcelJS.Worksheet {
  const worksheet = name === undefined ? workbook.worksheets[0] : workbook.getWorksheet(name);
  if (worksheet) return worksheet;
  if (!workbook.worksheets.length) throw new ReadError(`${file}: the workbook has no sheets`);
  throw new ReadError(`${file}: no sheet named "${name}"; the workbook's sheets: ${sheetList(sheetsOf(workbook))}`);
}

async function openXlsx(file: string, options: SheetOptions): Promise<Sheet> {
  return xlsxSheet(worksheetOf(file, await loadWorkbook(file), options.sheet), options.headerRow);
}

function xlsxSheet(worksheet: ExcelJS.Worksheet, headerRow: number): Sheet {
  const headerCells = worksheet.getRow(headerRow);
  const width = Math.max(worksheet.columnCount, headerCells.cellCount);
  // Merged header cells repeat the master's value in every cell they cover: keep the first.
  const headers: string[] = [];
  for (let c = 1; c <= width; c++) {
    const name = cleanHeader(cellValue(headerCells.getCell(c).value), c - 1);
    headers.push(headers.includes(name) ? `${name} (${c})` : name);
  }
  async function* rows(): AsyncIterable<SheetRow> {
    for (let r = headerRow + 1; r <= worksheet.rowCount; r++) {
      const row = worksheet.getRow(r);
      const cells = new Map<string, CellValue>();
      headers.forEach((header, i) => {
        const value = cellValue(row.getCell(i + 1).value);
        cells.set(header, typeof value === 'string' && value.trim() === '' ? null : value);
      });
      yield { row: r, cells };
    }
  }
  return { headers, rows: rows() };
}

// What init reads before the header row is known: the top of the sheet, as it is.

/** Rows init looks at for the header row: the first 10 may hold it, the rest show what follows. */
const TOP_ROWS = 30;

export interface SheetInfo {
  name: string;
  /** Rows that hold a value. */
  rows: number;
}

/** A row as it is in the file: one value per column, blank cells (and cells merged into another) null. */
export interface RawRow {
  row: number;
  values: CellValue[];
}

export interface Survey {
  /** XLSX: every sheet of the workbook. */
  sheets?: SheetInfo[];
  /** XLSX: the sheet read: the one asked for, else the first with rows. */
  sheet?: string;
  /** CSV: the delimiter the top rows were split at. */
  delimiter?: string;
  top: RawRow[];
  /** The sheet read with its column names in this row (CSV: split at this delimiter, else the one detected there, as run does). */
  open(headerRow: number, delimiter?: string): Promise<Sheet>;
}

const blankToNull = (value: CellValue): CellValue => (typeof value === 'string' && value.trim() === '' ? null : value);

/** The top rows of a file and, for a workbook, its sheets: what init needs to find the table. */
export async function surveyFile(file: string, options: { sheet?: string; delimiter?: string }): Promise<Survey> {
  assertReadable(file);
  const extension = extname(file).toLowerCase();
  if (extension === '.xlsx') {
    const workbook = await loadWorkbook(file);
    const sheets = sheetsOf(workbook);
    const worksheet =
      options.sheet === undefined
        ? (workbook.worksheets.find((w) => w.actualRowCount > 0) ?? worksheetOf(file, workbook, undefined))
        : worksheetOf(file, workbook, options.sheet);
    const top: RawRow[] = [];
    for (let r = 1; r <= Math.min(worksheet.rowCount, TOP_ROWS); r++) {
      const row = worksheet.getRow(r);
      const values: CellValue[] = [];
      // A merged title repeats its text in every cell it covers: only its first cell counts.
      for (let c = 1; c <= worksheet.columnCount; c++) {
        const cell = row.getCell(c);
        values.push(cell.type === ExcelJS.ValueType.Merge ? null : blankToNull(cellValue(cell.value)));
      }
      top.push({ row: r, values });
    }
    return { sheets, sheet: worksheet.name, top, open: async (headerRow) => xlsxSheet(worksheet, headerRow) };
  }
  if (!TEXT_EXTENSIONS.includes(extension)) throw unsupported(file, extension);
  const delimiter = options.delimiter ?? guessDelimiter(file);
  const top: RawRow[] = [];
  for await (const { line, values } of csvRecords(file, delimiter)) {
    top.push({ row: line, values: values.map(blankToNull) });
    if (top.length >= TOP_ROWS) break;
  }
  return { delimiter, top, open: (headerRow, given) => openCsv(file, { headerRow, delimiter: given }) };
}
