import { canonicalValues, cellKey, indicatorKinds, type IndicatorRowColumns, type IndicatorSpec, type MeasureName, type Measures } from '@coalition/shared';
import type { LatticeCell } from './lattice';

/** One partner's qualifying records, column by column, as `indicatorRows` returns them. */
export type PartnerRows = IndicatorRowColumns & { partnerId: string };

/**
 * Without pushdown: the cells the partners would have computed, from their records. A person
 * counts once, at their latest qualifying record (ties: the first partner id, then local id),
 * the rule pushdown follows with `indicatorPeople` and exclusions. Only the pushdown benchmark
 * uses this; it needs every record at the gateway.
 */
export function cellsFromRows(
  { kind, spec }: { kind: string; spec: IndicatorSpec },
  answers: readonly PartnerRows[],
  survivorOf: ReadonlyMap<string, string>,
): LatticeCell<Measures>[] {
  const has = (measure: MeasureName) => indicatorKinds.require(kind).measures.includes(measure);
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
  const cells = new Map<string, LatticeCell<Measures>>();
  for (const { rows, i } of counted) {
    // By dimension name, in canonical order: the partner's column order is not trusted to match.
    const values = canonicalValues(rows.dimensions.map((dimension, d) => ({ dimension, value: rows.values[i][d] })));
    const key = cellKey(values);
    let cell = cells.get(key);
    if (!cell) {
      cell = { key, values, count: 0, measures: { numerator: has('numerator') ? 0 : null, sum: has('sum') ? 0 : null, values: has('values') ? [] : null } };
      cells.set(key, cell);
    }
    cell.count++;
    if (cell.measures.numerator !== null && rows.hit[i]) cell.measures.numerator++;
    const value = rows.value[i];
    if (cell.measures.sum !== null && value !== null) cell.measures.sum += value;
    if (cell.measures.values && value !== null) cell.measures.values.push(value);
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
