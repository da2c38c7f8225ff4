/** A table as it is shown and as it is downloaded: the same rows, so a file always equals the screen. */
export interface ExportTable {
  title: string;
  /** File name without extension. */
  fileName: string;
  columns: string[];
  /** A suppressed figure is the text "suppressed", never empty and never 0. */
  rows: Array<Array<string | number | null>>;
  /** What the figures are: definition version, release id or "live", period, suppression notes. */
  notes: string[];
}

export const SUPPRESSED = 'suppressed';

function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The table as CSV (papaparse quotes what needs quoting), then a blank line and one "Note" row per note. */
export async function csvOf(table: ExportTable): Promise<string> {
  const { unparse } = await import('papaparse');
  const notes = table.notes.map((note) => ['Note', note]);
  return unparse([table.columns, ...table.rows.map((row) => row.map((value) => value ?? '')), [], ...notes], { newline: '\r\n' });
}

export async function downloadCsv(table: ExportTable): Promise<void> {
  save(new Blob([await csvOf(table)], { type: 'text/csv;charset=utf-8' }), `${table.fileName}.csv`);
}

/** A workbook with the table on sheet "Data" (numbers as numbers) and what it is on sheet "Notes"; exceljs is loaded only when asked. */
export async function xlsxOf(tables: ExportTable[], created?: Date): Promise<ArrayBuffer> {
  const { Workbook } = (await import('exceljs')).default ?? (await import('exceljs'));
  const workbook = new Workbook();
  workbook.creator = 'Coalition Graph';
  // A release's workbook carries its approval time, so that the same release gives the same file.
  if (created) {
    workbook.created = created;
    workbook.modified = created;
  }
  for (const [i, table] of tables.entries()) {
    const name = tables.length === 1 ? 'Data' : sheetName(table.title, i);
    const sheet = workbook.addWorksheet(name);
    sheet.addRow(table.columns).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map((value) => value ?? ''));
    sheet.columns.forEach((column) => {
      column.width = 18;
    });
  }
  const notes = workbook.addWorksheet('Notes');
  for (const table of tables) {
    notes.addRow([table.title]).font = { bold: true };
    for (const note of table.notes) notes.addRow([note]);
    notes.addRow([]);
  }
  notes.getColumn(1).width = 120;
  return workbook.xlsx.writeBuffer() as Promise<ArrayBuffer>;
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (title: string, i: number) => `${i + 1} ${title.replace(/[:\\/?*[\]]/g, ' ')}`.slice(0, 31);

export async function downloadXlsx(tables: ExportTable[], fileName: string, created?: Date): Promise<void> {
  const buffer = await xlsxOf(tables, created);
  save(new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), `${fileName}.xlsx`);
}
