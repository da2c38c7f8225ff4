import { defineIndicatorKind } from './kind';
import { mergeMeasures } from './measures';

/** How many: the cell's count itself (0 is a figure). */
export const COUNT = defineIndicatorKind({
  code: 'COUNT',
  summary: 'how many people (or records) are in the population',
  parts: {},
  measures: [],
  merge: mergeMeasures,
  figure: (people) => people,
});
