import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { Rejection } from './validate';

/**
 * The rejection report: one line per problem, for the partner to fix and re-import. It quotes
 * the rejected values, so it stays on the partner's machine like the file it describes.
 */
export function writeReport(path: string, rejections: Rejection[]): void {
  const sorted = [...rejections].sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  writeFileSync(path, stringify(sorted, { header: true, columns: ['file', 'row', 'column', 'value', 'reason'] }));
}
