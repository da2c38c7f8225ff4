import type { CellValue, RawRow } from './read';

/*
 * How a partner's sheet is laid out, guessed from its rows: where the column names are under any
 * title rows, and which rows under the table are totals or footers. Pure functions over rows
 * already read (read.ts reads them); `init` drafts with them and `run` rejects footers by them.
 */

/** The column names are looked for in this many first rows. */
const HEADER_WITHIN = 10;

const filled = (value: CellValue) => value !== null && value !== '';
const NUMBER_LIKE = /^[-+]?[$€£]?[\d,]*\.?\d+%?$/;
const DATE_LIKE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/;
/** A cell a person typed words into: not a number, a date or a number-like text (CSV holds only texts). */
const isText = (value: CellValue) => typeof value === 'string' && value.trim() !== '' && !NUMBER_LIKE.test(value.trim()) && !DATE_LIKE.test(value.trim());
const isNumber = (value: CellValue) => typeof value === 'number' || (typeof value === 'string' && NUMBER_LIKE.test(value.trim()));
const filledCount = (values: CellValue[]) => values.filter(filled).length;
const lastFilled = (values: CellValue[]) => {
  let last = values.length;
  while (last > 0 && !filled(values[last - 1])) last--;
  return last;
};

/**
 * The row with the column names: the first of the first 10 with at least 2 text cells whose
 * following rows look like data of that table (no wider, and not much narrower). Titles, merged
 * banners and "exported on" lines above the table have fewer cells than the rows that follow.
 */
export function detectHeaderRow(top: readonly RawRow[]): { row: number; note: string } {
  const candidates = top.filter((r) => r.row <= HEADER_WITHIN && r.values.filter(isText).length >= 2);
  const chosen = candidates.find((candidate) => {
    const width = lastFilled(candidate.values);
    const count = filledCount(candidate.values);
    const next = top.filter((r) => r.row > candidate.row && filledCount(r.values) > 0).slice(0, 10);
    // Every value of a table sits under a column name (one unnamed column is let pass); a title has fewer cells than the data below.
    const fits = next.filter((r) => {
      const cells = filledCount(r.values);
      return lastFilled(r.values) <= width + 1 && cells <= count + 1 && cells >= Math.ceil(count / 3);
    });
    return fits.length * 2 >= next.length;
  });
  if (!chosen) {
    const row = candidates[0]?.row ?? 1;
    return {
      row,
      note: `header row ${row} (guessed: no row in the first ${HEADER_WITHIN} looks like column names above data; give --header-row N if it is another)`,
    };
  }
  const above = top.filter((r) => r.row < chosen.row);
  if (!above.length) return { row: chosen.row, note: `header row ${chosen.row}` };
  const rows = above.length === 1 ? `row 1` : `rows 1-${above.length}`;
  const blank = above.every((r) => filledCount(r.values) === 0);
  const why = blank ? `${rows} ${above.length === 1 ? 'is' : 'are'} blank` : `${rows} ${above.length === 1 ? 'looks' : 'look'} like a title`;
  return { row: chosen.row, note: `header row ${chosen.row} (${why})` };
}

/** Labels exports put in the first cell of the rows they add below the data. */
const FOOTER_LABEL =
  /^(grand\s+totals?|sub-?totals?|totals?|sum|average|count\s*:|records?\s*:|rows?\s*:|generated\b|exported\b|printed\b|report generated\b)/i;

/**
 * A totals or footer row, as exports add them below the data: "Total", "Generated on ...",
 * "Count: 12" in the first cell with a value, or numbers (sums) in a row without an id.
 */
export function looksLikeFooter(values: readonly CellValue[], idIndex: number): boolean {
  const first = values.find(filled);
  if (typeof first === 'string' && FOOTER_LABEL.test(first.trim())) return true;
  if (filled(values[idIndex] ?? null)) return false;
  const numbers = values.filter(isNumber).length;
  return numbers > 0 && numbers * 2 >= filledCount([...values]);
}
