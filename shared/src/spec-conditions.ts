/**
 * The building blocks of an indicator definition's rules: conditions on a participation record
 * and references to its outcome records. Indicator kinds compose their parts from them
 * (./kinds); partners compile them to SQL. Codes are checked against the contract's lists here.
 */
import { INDICATOR_CODE_PATTERN, OUTCOME_PERIODS, PROGRAM_TYPES, STAGES, isOneOf, type OutcomePeriod, type ProgramType, type Stage } from './contract';
import { badInput } from './errors';

/** An outcome record of the participation record (any version, any wave). */
export interface OutcomeRef {
  indicator: string;
  period: OutcomePeriod;
}

/** One condition on a participation record; a list of them must all hold. */
export type Condition =
  | { exited: true }
  | { programType: ProgramType[] }
  | { stage: Stage }
  /** an outcome record exists; with `equals`, a yes/no one with that value */
  | { outcome: OutcomeRef & { equals?: boolean } };

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseOutcomeRef(value: unknown, path: string): OutcomeRef {
  if (!isObject(value)) throw badInput(path, 'must be an object { indicator, period }');
  if (typeof value.indicator !== 'string' || !INDICATOR_CODE_PATTERN.test(value.indicator)) throw badInput(`${path}.indicator`, 'must be an indicator code');
  if (!isOneOf(OUTCOME_PERIODS, value.period)) throw badInput(`${path}.period`, `must be one of ${OUTCOME_PERIODS.join(', ')}`);
  return { indicator: value.indicator, period: value.period };
}

function parseCondition(value: unknown, path: string): Condition {
  if (!isObject(value) || Object.keys(value).length !== 1) throw badInput(path, 'must be an object with exactly one of exited, programType, stage, outcome');
  if ('exited' in value) {
    if (value.exited !== true) throw badInput(`${path}.exited`, 'must be true');
    return { exited: true };
  }
  if ('programType' in value) {
    const list = value.programType;
    if (!Array.isArray(list) || !list.length || !list.every((p) => isOneOf(PROGRAM_TYPES, p))) {
      throw badInput(`${path}.programType`, `must be a non-empty list of ${PROGRAM_TYPES.join(', ')}`);
    }
    return { programType: [...new Set(list as ProgramType[])] };
  }
  if ('stage' in value) {
    if (!isOneOf(STAGES, value.stage)) throw badInput(`${path}.stage`, `must be one of ${STAGES.join(', ')}`);
    return { stage: value.stage };
  }
  if ('outcome' in value) {
    const ref = parseOutcomeRef(value.outcome, `${path}.outcome`);
    const equals = (value.outcome as Record<string, unknown>).equals;
    if (equals !== undefined && typeof equals !== 'boolean') throw badInput(`${path}.outcome.equals`, 'must be true or false');
    const extra = Object.keys(value.outcome as object).filter((k) => !['indicator', 'period', 'equals'].includes(k));
    if (extra.length) throw badInput(`${path}.outcome`, `unknown key ${extra[0]}`);
    return { outcome: equals === undefined ? ref : { ...ref, equals } };
  }
  throw badInput(path, `unknown condition ${Object.keys(value)[0]}`);
}

export function parseConditions(value: unknown, path: string): Condition[] {
  if (!Array.isArray(value)) throw badInput(path, 'must be a list of conditions');
  if (value.length > 10) throw badInput(path, 'at most 10 conditions');
  return value.map((c, i) => parseCondition(c, `${path}[${i}]`));
}
