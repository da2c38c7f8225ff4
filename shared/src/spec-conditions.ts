/**
 * The building blocks of an indicator definition's rules: conditions on a participation record
 * and references to its outcome records. Indicator kinds compose their parts from them
 * (./kinds); partners compile them to SQL. Codes are checked against the contract's lists here.
 */
import {
  INDICATOR_CODE_PATTERN,
  OUTCOME_PERIODS,
  PROGRAM_TYPES,
  STAGES,
  WAVES,
  isOneOf,
  type OutcomePeriod,
  type ProgramType,
  type Stage,
  type Wave,
} from './contract';
import { badInput } from './errors';

/** An outcome record of the participation record (any version, any wave). */
export interface OutcomeRef {
  indicator: string;
  period: OutcomePeriod;
}

/**
 * A free-text answer of the record, coded (docs/THEMES.md): an answer to one of the codebook's
 * questions in `wave`, coded under that codebook version. With `theme`, the coding carries the
 * theme (`mentions: false`: a coded answer that does not carry it).
 */
export interface AnswerRef {
  codebook: string;
  version: number;
  wave: Wave;
  theme?: string;
  mentions?: boolean;
}

/** One condition on a participation record; a list of them must all hold. */
export type Condition =
  | { exited: true }
  | { programType: ProgramType[] }
  | { stage: Stage }
  /** an outcome record exists; with `equals`, a yes/no one with that value */
  | { outcome: OutcomeRef & { equals?: boolean } }
  | { answer: AnswerRef };

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseOutcomeRef(value: unknown, path: string): OutcomeRef {
  if (!isObject(value)) throw badInput(path, 'must be an object { indicator, period }');
  if (typeof value.indicator !== 'string' || !INDICATOR_CODE_PATTERN.test(value.indicator)) throw badInput(`${path}.indicator`, 'must be an indicator code');
  if (!isOneOf(OUTCOME_PERIODS, value.period)) throw badInput(`${path}.period`, `must be one of ${OUTCOME_PERIODS.join(', ')}`);
  return { indicator: value.indicator, period: value.period };
}

const CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

export function parseAnswerRef(value: unknown, path: string): AnswerRef {
  if (!isObject(value)) throw badInput(path, 'must be an object { codebook, version, wave, theme?, mentions? }');
  const extra = Object.keys(value).find((k) => !['codebook', 'version', 'wave', 'theme', 'mentions'].includes(k));
  if (extra) throw badInput(path, `unknown key ${extra}`);
  if (typeof value.codebook !== 'string' || !CODE.test(value.codebook)) throw badInput(`${path}.codebook`, 'must be a codebook code');
  if (!Number.isInteger(value.version) || (value.version as number) < 1) throw badInput(`${path}.version`, 'must be a whole number of at least 1');
  if (!isOneOf(WAVES, value.wave)) throw badInput(`${path}.wave`, `must be one of ${WAVES.join(', ')}`);
  const ref: AnswerRef = { codebook: value.codebook, version: value.version as number, wave: value.wave };
  if (value.theme !== undefined) {
    if (typeof value.theme !== 'string' || !CODE.test(value.theme)) throw badInput(`${path}.theme`, 'must be a theme code');
    ref.theme = value.theme;
  }
  if (value.mentions !== undefined) {
    if (typeof value.mentions !== 'boolean') throw badInput(`${path}.mentions`, 'must be true or false');
    if (ref.theme === undefined) throw badInput(`${path}.mentions`, 'needs a theme');
    ref.mentions = value.mentions;
  }
  return ref;
}

function parseCondition(value: unknown, path: string): Condition {
  if (!isObject(value) || Object.keys(value).length !== 1)
    throw badInput(path, 'must be an object with exactly one of exited, programType, stage, outcome, answer');
  if ('answer' in value) return { answer: parseAnswerRef(value.answer, `${path}.answer`) };
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
