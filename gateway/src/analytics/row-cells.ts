import { canonicalValues, cellKey, indicatorKinds, type IndicatorRowColumns, type IndicatorSpec, type MeasureName, type Measures } from '@coalition/shared';
import type { LatticeCell } from './lattice';

/** One partner's qualifying records, column by column, as `indicatorRows` returns them. */
export type PartnerRows = IndicatorRowColumns & { partnerId: string };

/**
 * Without pushdown: the cells the partners would have computed, from their records. A person
 * counts once, at their latest qualifying record (ties: the first partner id, then local id),
 * the rule pushdown follows with `indicatorShare` and `countingRecords`. Only the pushdown benchmark
 * uses this; it needs every record at the gateway.
 */
export function cellsFromRows(
  { kind, spec }: { kind: string; spec: IndicatorSpec },
  answers: readonly PartnerRows[],
  survivorOf: ReadonlyMap<string, string>,
): LatticeCell<Measures>[] {
  const counted: Array<{ rows: PartnerRows; i: number }> = [];
  if (spec.count === 'PEOPLE') {
    const best = new Map<string, { rows: PartnerRows; i: number }>();
    for (const rows of answers) {
      for (let i = 0; i < rows.localId.length; i++) {
        const gsid = rows.gsid[i];
        const person = gsid ? (survivorOf.get(`${rows.partnerId} ${gsid}`) ?? gsid) : `~${rows.partnerId}/${rows.localId[i]}`;
        const current = best.get(person);
        if (!current || later(rows, i, current.rows, current.i)) best.set(person, { rows, i });
      }
    }
    // Not push(...values): hundreds of thousands of arguments overflow the stack.
    for (const record of best.values()) counted.push(record);
  } else {
    for (const rows of answers) for (let i = 0; i < rows.localId.length; i++) counted.push({ rows, i });
  }
  return cellsOf(kind, countedRecords(counted));
}

/** One record at a time, so that the benchmark's hundreds of thousands of rows are not copied whole. */
function* countedRecords(counted: ReadonlyArray<{ rows: PartnerRows; i: number }>): Generator<CountedRecord> {
  for (const { rows, i } of counted) {
    yield { values: rows.dimensions.map((dimension, d) => ({ dimension, value: rows.values[i][d] })), hit: rows.hit[i], value: rows.value[i] };
  }
}

/** A record that counts, with its dimension values named and the measures a kind may need. */
export interface CountedRecord {
  values: ReadonlyArray<{ dimension: string; value: string }>;
  /** Whether it meets the numerator (null: the kind has none). */
  hit: boolean | null;
  /** Its value for sums and medians (null: the kind has none). */
  value: number | null;
}

/**
 * Records summed into cells as a partner's SQL would: each counts 1 in the cell of its values,
 * with the measures its kind has. Used for the rows of the pushdown benchmark, and for the
 * shared people that partners ship as tuples so that the gateway can count each once.
 */
export function cellsOf(kind: string, records: Iterable<CountedRecord>): LatticeCell<Measures>[] {
  const has = (measure: MeasureName) => indicatorKinds.require(kind).measures.includes(measure);
  const cells = new Map<string, LatticeCell<Measures>>();
  for (const record of records) {
    // By dimension name, in canonical order: the partner's column order is not trusted to match.
    const values = canonicalValues(record.values);
    const key = cellKey(values);
    let cell = cells.get(key);
    if (!cell) {
      cell = { key, values, count: 0, measures: { numerator: has('numerator') ? 0 : null, sum: has('sum') ? 0 : null, values: has('values') ? [] : null } };
      cells.set(key, cell);
    }
    cell.count++;
    if (cell.measures.numerator !== null && record.hit) cell.measures.numerator++;
    if (cell.measures.sum !== null && record.value !== null) cell.measures.sum += record.value;
    if (cell.measures.values && record.value !== null) cell.measures.values.push(record.value);
  }
  for (const cell of cells.values()) cell.measures.values?.sort((a, b) => a - b);
  return [...cells.values()];
}

/** Is record i of `a` the later one (the one a person counts at)? */
function later(a: PartnerRows, i: number, b: PartnerRows, j: number): boolean {
  if (a.anchorOn[i] !== b.anchorOn[j]) return a.anchorOn[i] > b.anchorOn[j];
  if (a.partnerId !== b.partnerId) return a.partnerId < b.partnerId;
  return a.localId[i] < b.localId[j];
}
