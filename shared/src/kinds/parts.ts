import { isObject, parseConditions, parseOutcomeRef, type Condition, type OutcomeRef } from '../spec-conditions';
import { badInput } from '../errors';
import type { SpecPart } from './kind';

/** RATE: the records of the population that also meet these. */
export const NUMERATOR: SpecPart<Condition[]> = { label: 'a numerator', parse: parseConditions };

/** MEDIAN, MEAN: the numeric outcome; records without it are not in the population. */
export const OUTCOME_VALUE: SpecPart<OutcomeRef> = { label: 'a value', parse: parseOutcomeRef };

/** CHANGE: `to` minus `from`, per record holding both. */
export const CHANGE_BETWEEN: SpecPart<{ from: OutcomeRef; to: OutcomeRef }> = {
  label: 'from and to',
  parse(value, path) {
    if (!isObject(value)) throw badInput(path, 'must be { from, to }');
    return { from: parseOutcomeRef(value.from, `${path}.from`), to: parseOutcomeRef(value.to, `${path}.to`) };
  },
};
