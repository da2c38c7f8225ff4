import { writeFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { LinkageSummary } from './importer';
import type { Rejection } from './validate';

/**
 * The rejection report: one line per problem, for the partner to fix and re-import. It quotes
 * the rejected values, so it stays on the partner's machine like the file it describes.
 */
export function writeReport(path: string, rejections: Rejection[]): void {
  const sorted = [...rejections].sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  writeFileSync(path, stringify(sorted, { header: true, columns: ['file', 'row', 'column', 'value', 'reason'] }));
}

/** The registry's decisions for one import, on one line (counts and reasons only: no names). */
export function linkageLine(summary: LinkageSummary): string {
  const reasons = Object.entries(summary.notLinkedReasons)
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([reason, n]) => `${n} ${reason}`)
    .join('; ');
  return (
    `linkage: ${summary.new} new to the network, ${summary.autoLinked} auto-linked to a person the network already knows, ` +
    `${summary.review} sent to review (possible match), ${summary.existing} already linked (unchanged), ` +
    `${summary.notLinked} not linked${reasons ? ` (${reasons})` : ''}.`
  );
}

/** The line for participants whose stored GSID an import cleared: unlinked at the registry, or (no linkage configured) still linked there. */
export function identityWithdrawnLine(count: number, revoked: boolean): string {
  return revoked
    ? `${count} participants withdrew identity consent: taken off the people they were linked to, at the registry and here (docs/CONSENT.md)`
    : `${count} participants withdrew identity consent: their GSIDs are cleared here, but without linkage configured the registry still links them; record the withdrawal with linkage configured (docs/CONSENT.md)`;
}

/**
 * Registry links of records a failed run never stored, which it could not withdraw: the
 * operator's to-do (ids and reasons only). `what`: the records ("records this import did not
 * store"); `again`: what running it again does.
 */
export function leftLinksLines(left: ReadonlyArray<{ localId: string; gsid: string; reason: string }>, what: string, again: string): string[] {
  if (!left.length) return [];
  return [
    `${left.length} registry links of ${what} could not be withdrawn; ${again}:`,
    ...left.map((link) => `  ${link.localId} ${link.gsid}: ${link.reason}`),
  ];
}
