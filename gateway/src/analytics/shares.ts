import { canonicalValues, cellKey, DomainError, ErrorCode, type Dimension, type Measures, type SharedRecordColumns } from '@coalition/shared';
import type { IndicatorShareQuery } from '../upstream/generated/partner';
import { countingRecords, type SharedRecord } from './exclusions';
import type { LatticeCell } from './lattice';
import { cellsOf, type CountedRecord } from './row-cells';

/** One partner's answer to `indicatorShare`: per period, in order, its cells and its shared people's records. */
export interface PartnerShare {
  partnerId: string;
  periods: IndicatorShareQuery['indicatorShare'];
}

/**
 * One period's cells: every partner's cells, and each shared person once, by the record they
 * count at (the latest; ties: the first partner id) as a cell of one. Cells of equal keys are
 * summed when the lattice is built. Keys are made here from the named values, in this gateway's
 * canonical order: no partner's order is trusted.
 */
export function mergedCells(
  kind: string,
  dimensions: readonly Dimension[],
  answers: readonly PartnerShare[],
  period: number,
  survivorOf: ReadonlyMap<string, string>,
): LatticeCell<Measures>[] {
  const cells: LatticeCell<Measures>[] = [];
  const records: Array<SharedRecord & CountedRecord> = [];
  for (const { partnerId, periods } of answers) {
    const { cells: raw, records: columns } = periods[period];
    for (const cell of raw) {
      const values = canonicalValues(cell.values);
      const measures = { numerator: cell.numerator, sum: cell.sum, values: cell.sortedValues };
      cells.push({ key: cellKey(values), values, count: cell.people, measures });
    }
    for (const record of sharedRecords(columns, dimensions, partnerId)) {
      const survivor = survivorOf.get(`${partnerId} ${record.gsid}`) ?? record.gsid;
      records.push({ partnerId, survivor, ...record });
    }
  }
  for (const cell of cellsOf(kind, countingRecords(records).values())) cells.push(cell);
  return cells;
}

/**
 * A partner's shared people's records from the columns it answers with (one entry per person in
 * each column; dimension values in the order of the question's `by`). Columns of unequal length
 * are a broken answer, never a figure.
 */
function sharedRecords(
  columns: Record<string, unknown>,
  dimensions: readonly Dimension[],
  partnerId: string,
): Array<Omit<SharedRecord, 'partnerId' | 'survivor'> & CountedRecord> {
  // A JSON object in the schema: its columns are the shared contract's, checked below.
  const { gsid, anchorOn, values, hit, value } = columns as unknown as SharedRecordColumns;
  const n = gsid?.length;
  if (!Array.isArray(gsid) || [anchorOn, values, hit, value].some((column) => !Array.isArray(column) || column.length !== n)) {
    throw new DomainError(ErrorCode.INTERNAL_SERVER_ERROR, `Partner ${partnerId} answered indicatorShare with records whose columns do not line up`, {
      partnerId,
    });
  }
  return gsid.map((id, i) => ({
    gsid: id,
    anchorOn: anchorOn[i],
    values: canonicalValues(dimensions.map((dimension, d) => ({ dimension, value: values[i][d] }))),
    hit: hit[i],
    value: value[i],
  }));
}
