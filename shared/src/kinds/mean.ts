import type { OutcomeRef } from '../spec-conditions';
import { defineIndicatorKind } from './kind';
import { mergeMeasures } from './measures';
import { OUTCOME_VALUE } from './parts';

export const MEAN = defineIndicatorKind({
  code: 'MEAN',
  summary: 'the mean of a numeric outcome',
  parts: { value: OUTCOME_VALUE },
  measures: ['sum'],
  value: (spec, sql) => sql.latest(spec.value as OutcomeRef),
  merge: mergeMeasures,
  figure: (people, measures) => (people === 0 || measures.sum === null ? null : measures.sum / people),
});
