/**
 * The computable part of an indicator definition: declarative rules over the shared participant,
 * stage and outcome records (never SQL or code). The registry stores it in the definition's
 * `definition` JSON; the gateway reads it and sends it to every partner, which compiles it into
 * one parameterized SQL statement over its own database. See docs/INDICATORS.md.
 */
import {
  DIMENSIONS, INDICATOR_CODE_PATTERN, OUTCOME_PERIODS, PROGRAM_TYPES, STAGES, isOneOf,
  type Dimension, type OutcomePeriod, type ProgramType, type Stage,
} from './contract';
import { badInput } from './errors';

/** What a figure counts: people (one per GSID across the network) or participation records. */
export const COUNT_UNITS = ['PEOPLE', 'RECORDS'] as const;
export type CountUnit = (typeof COUNT_UNITS)[number];

/** Which date of a participation record the period selects on. */
export const ANCHORS = ['EXIT', 'ENROLLMENT'] as const;
export type Anchor = (typeof ANCHORS)[number];

/** The forms a period may take. */
export const PERIOD_KINDS = ['PROGRAM_YEAR', 'QUARTER', 'COHORT', 'DATE_RANGE'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

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

export interface IndicatorSpec {
  count: CountUnit;
  anchor: Anchor;
  /** The denominator (or the population a value is taken over). */
  population: Condition[];
  /** RATE: the records of the population that also meet these. */
  numerator?: Condition[];
  /** MEDIAN, MEAN: the numeric outcome; records without it are not in the population. */
  value?: OutcomeRef;
  /** CHANGE: `to` minus `from`, per record holding both. */
  change?: { from: OutcomeRef; to: OutcomeRef };
  dimensions: Dimension[];
  periods: PeriodKind[];
}

export type SpecKind = 'RATE' | 'COUNT' | 'MEDIAN' | 'MEAN' | 'CHANGE';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseOutcomeRef(value: unknown, path: string): OutcomeRef {
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
    if (!Array.isArray(list) || !list.length || !list.every((p) => isOneOf(PROGRAM_TYPES, p))) throw badInput(`${path}.programType`, `must be a non-empty list of ${PROGRAM_TYPES.join(', ')}`);
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

function parseConditions(value: unknown, path: string): Condition[] {
  if (!Array.isArray(value)) throw badInput(path, 'must be a list of conditions');
  if (value.length > 10) throw badInput(path, 'at most 10 conditions');
  return value.map((c, i) => parseCondition(c, `${path}[${i}]`));
}

function parseList<T extends string>(list: readonly T[], value: unknown, path: string): T[] {
  if (!Array.isArray(value) || !value.length || !value.every((v) => isOneOf(list, v))) throw badInput(path, `must be a non-empty list of ${list.join(', ')}`);
  return [...new Set(value as T[])];
}

/**
 * Checks a spec received from the registry or the gateway, field by field. Everything that
 * reaches SQL passes through here: codes are checked against the contract's lists.
 */
export function parseIndicatorSpec(value: unknown, kind: SpecKind, path = 'definition'): IndicatorSpec {
  if (!isObject(value)) throw badInput(path, 'must be an object');
  if (!isOneOf(COUNT_UNITS, value.count)) throw badInput(`${path}.count`, `must be one of ${COUNT_UNITS.join(', ')}`);
  if (!isOneOf(ANCHORS, value.anchor)) throw badInput(`${path}.anchor`, `must be one of ${ANCHORS.join(', ')}`);
  const spec: IndicatorSpec = {
    count: value.count,
    anchor: value.anchor,
    population: parseConditions(value.population ?? [], `${path}.population`),
    dimensions: parseList(DIMENSIONS, value.dimensions, `${path}.dimensions`),
    periods: parseList(PERIOD_KINDS, value.periods, `${path}.periods`),
  };
  if (kind === 'RATE') spec.numerator = parseConditions(value.numerator, `${path}.numerator`);
  else if (value.numerator !== undefined) throw badInput(`${path}.numerator`, `only a RATE has a numerator, not a ${kind}`);
  if (kind === 'MEDIAN' || kind === 'MEAN') spec.value = parseOutcomeRef(value.value, `${path}.value`);
  else if (value.value !== undefined) throw badInput(`${path}.value`, `only a MEDIAN or MEAN has a value, not a ${kind}`);
  if (kind === 'CHANGE') {
    if (!isObject(value.change)) throw badInput(`${path}.change`, 'must be { from, to }');
    spec.change = { from: parseOutcomeRef(value.change.from, `${path}.change.from`), to: parseOutcomeRef(value.change.to, `${path}.change.to`) };
  } else if (value.change !== undefined) throw badInput(`${path}.change`, `only a CHANGE has from and to, not a ${kind}`);
  return spec;
}

/** A period resolved to what a partner filters on: anchor dates in [from, before), or an enrollment cohort. */
export type ResolvedPeriod =
  | { kind: 'dates'; from: string; before: string; label: string }
  | { kind: 'cohort'; cohort: string; label: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(value: unknown, path: string): string {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || date.toISOString().slice(0, 10) !== value) throw badInput(path, `"${String(value)}" is not a real date in the form YYYY-MM-DD`);
  return value as string;
}

export function nextDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Checks a resolved period a partner receives. */
export function parseResolvedPeriod(value: unknown, path = 'period'): ResolvedPeriod {
  if (!isObject(value)) throw badInput(path, 'must be an object');
  const label = typeof value.label === 'string' ? value.label.slice(0, 40) : '';
  if (value.kind === 'cohort') {
    if (typeof value.cohort !== 'string' || !/^\d{4}Q[1-4]$/.test(value.cohort)) throw badInput(`${path}.cohort`, 'must be an enrollment quarter such as 2025Q3');
    return { kind: 'cohort', cohort: value.cohort, label };
  }
  if (value.kind === 'dates') {
    const from = parseIsoDate(value.from, `${path}.from`);
    const before = parseIsoDate(value.before, `${path}.before`);
    if (before <= from) throw badInput(path, 'is empty: it must end after it starts');
    return { kind: 'dates', from, before, label };
  }
  throw badInput(`${path}.kind`, 'must be dates or cohort');
}

/**
 * `indicatorRows`' answer, column by column: index i of every array is one qualifying record.
 * Only a gateway without pushdown (the pushdown benchmark) asks for it.
 */
export interface IndicatorRowColumns {
  dimensions: Dimension[];
  localId: string[];
  gsid: Array<string | null>;
  anchorOn: string[];
  values: string[][];
  hit: Array<boolean | null>;
  value: Array<number | null>;
}
