import type { OutcomeRef } from '../spec-conditions';
import { defineIndicatorKind } from './kind';
import { mergeMeasures } from './measures';
import { CHANGE_BETWEEN } from './parts';

/**
 * The mean change between two outcomes of the same record. A CHANGE whose values sit at
 * different partners is a pre/post definition instead (`prePost`, paired by GSID: PrePostSpec).
 */
export const CHANGE = defineIndicatorKind({
  code: 'CHANGE',
  summary: 'the mean change from one numeric outcome to another',
  parts: { change: CHANGE_BETWEEN },
  measures: ['sum'],
  value: (spec, sql) => {
    const { from, to } = spec.change as { from: OutcomeRef; to: OutcomeRef };
    return `(${sql.latest(to)} - ${sql.latest(from)})`;
  },
  merge: mergeMeasures,
  figure: (people, measures) => (people === 0 || measures.sum === null ? null : measures.sum / people),
});
