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
  if (extension === '.csv' || extension === '.txt' || extension === '.tsv') return openCsv(file, options);
  if (extension === '.xlsx') return openXlsx(file, options);
  throw new ReadError(`${file}: unsupported file type "${extension}" (use .csv, .tsv, .txt or .xlsx)`);
}

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

/**
 * The delimiter that splits the header line into several fields and the next lines into as many:
 * the most consistent wins, then the one giving more columns; a comma when none splits the header.
 */
export function detectDelimiter(file: string, headerRow: number): string {
  const buffer = Buffer.alloc(64 * 1024);
  const fd = openSync(file, 'r');
  let length: number;
  try {
    length = readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(fd);
  }
  let text = buffer.toString('utf8', 0, length).replace(/^\uFEFF/, '');
  // Only whole lines: a sample that stops mid-line would miscount its last record.
  if (length === buffer.length) text = text.slice(0, text.lastIndexOf('\n') + 1);
  else if (!text.endsWith('\n')) text += '\n';
  let best = { delimiter: ',', consistent: -1, columns: 1 };
  for (const delimiter of DELIMITERS) {
    const [columns, ...next] = fieldCounts(text, delimiter).slice(headerRow - 1, headerRow + 9);
    if (columns === undefined || columns < 2) continue;
    const consistent = next.filter((n) => n === columns).length;
    if (consistent > best.consistent || (consistent === best.consistent && columns > best.columns)) best = { delimiter, consistent, columns };
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

async function openCsv(file: string, options: SheetOptions): Promise<Sheet> {
  const { headerRow } = options;
  const delimiter = options.delimiter ?? detectDelimiter(file, headerRow);
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
  const next = async () => {
    try {
      return await iterator.next();
    } catch (error) {
      throw error instanceof CsvError ? csvProblem(file, error, delimiter, lastRecordEnd) : error;
    }
  };
  let line = 0;
  let headers: string[] = [];
  for (;;) {
    const record = await next();
    if (record.done) throw new ReadError(`${file}: no header row ${headerRow} (the file has ${line} rows)`);
    line++;
    if (line === headerRow) {
      headers = (record.value as string[]).map((v, i) => cleanHeader(v, i));
      break;
    }
  }
  async function* rows(): AsyncIterable<SheetRow> {
    for (;;) {
      const record = await next();
      if (record.done) return;
      line++;
      const values = record.value as string[];
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

async function openXlsx(file: string, options: SheetOptions): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new ReadError(`${file}: not a readable XLSX workbook (${(error as Error).message})`);
  }
  const worksheet = options.sheet ? workbook.getWorksheet(options.sheet) : workbook.worksheets[0];
  if (!worksheet) {
    throw new ReadError(`${file}: no worksheet ${options.sheet ? `"${options.sheet}"` : ''} (sheets: ${workbook.worksheets.map((w) => w.name).join(', ')})`);
  }
  const headerCells = worksheet.getRow(options.headerRow);
  const width = Math.max(worksheet.columnCount, headerCells.cellCount);
  // Merged header cells repeat the master's value in every cell they cover: keep the first.
  const headers: string[] = [];
  for (let c = 1; c <= width; c++) {
    const name = cleanHeader(cellValue(headerCells.getCell(c).value), c - 1);
    headers.push(headers.includes(name) ? `${name} (${c})` : name);
  }
  async function* rows(): AsyncIterable<SheetRow> {
    for (let r = options.headerRow + 1; r <= worksheet!.rowCount; r++) {
      const row = worksheet!.getRow(r);
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
