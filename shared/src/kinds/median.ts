import type { OutcomeRef } from '../spec-conditions';
import { defineIndicatorKind } from './kind';
import { median, mergeMeasures } from './measures';
import { OUTCOME_VALUE } from './parts';

/** Exact: the values themselves travel (sorted numbers, no ids) and merge, so no estimate is needed. */
export const MEDIAN = defineIndicatorKind({
  code: 'MEDIAN',
  summary: 'the median of a numeric outcome',
  parts: { value: OUTCOME_VALUE },
  measures: ['sum', 'values'],
  value: (spec, sql) => sql.latest(spec.value as OutcomeRef),
  merge: mergeMeasures,
  figure: (people, measures) => (people === 0 ? null : median(measures.values ?? [])),
});
