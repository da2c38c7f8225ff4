import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse';
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

/** Reads a CSV (streamed) or XLSX (loaded whole, as exceljs does) file as rows of named cells. */
export async function openSheet(file: string, options: { sheet?: string; headerRow: number }): Promise<Sheet> {
  const extension = extname(file).toLowerCase();
  if (extension === '.csv' || extension === '.txt') return openCsv(file, options.headerRow);
  if (extension === '.xlsx') return openXlsx(file, options);
  throw new ReadError(`${file}: unsupported file type "${extension}" (use .csv or .xlsx)`);
}

async function openCsv(file: string, headerRow: number): Promise<Sheet> {
  const parser = createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: false }));
  const iterator = parser[Symbol.asyncIterator]();
  let line = 0;
  let headers: string[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done) throw new ReadError(`${file}: no header row ${headerRow} (the file has ${line} rows)`);
    line++;
    if (line === headerRow) {
      headers = (next.value as string[]).map((v, i) => cleanHeader(v, i));
      break;
    }
  }
  async function* rows(): AsyncIterable<SheetRow> {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      line++;
      const values = next.value as string[];
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

async function openXlsx(file: string, options: { sheet?: string; headerRow: number }): Promise<Sheet> {
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
