import type { Condition } from '../spec-conditions';
import { defineIndicatorKind } from './kind';
import { mergeMeasures } from './measures';
import { NUMERATOR } from './parts';

/** The share of the population meeting the numerator, in percent, from summed numerators and counts. */
export const RATE = defineIndicatorKind({
  code: 'RATE',
  summary: 'percent of the population that meets the numerator',
  parts: { numerator: NUMERATOR },
  measures: ['numerator'],
  hit: (spec, sql) => sql.all(spec.numerator as Condition[]),
  merge: mergeMeasures,
  figure: (people, measures) => (people === 0 ? null : (100 * (measures.numerator ?? 0)) / people),
});
