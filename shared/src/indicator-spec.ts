/**
 * The computable part of an indicator definition: declarative rules over the shared participant,
 * stage and outcome records (never SQL or code). The registry stores it in the definition's
 * `definition` JSON; the gateway reads it and sends it to every partner, which compiles it into
 * one parameterized SQL statement over its own database. See docs/INDICATORS.md.
 */
import { badInput } from './errors';
import { dimensionDescriptors, type Dimension } from './dimensions';
import { indicatorKind, specParts, type IndicatorKindModule } from './kinds';
import { listOf } from './module-registry';
import { parsePrePostSpec, type PrePostSpec } from './pathway-spec';
import { isObject, parseConditions, type Condition, type OutcomeRef } from './spec-conditions';
import { isOneOf } from './contract';

/** What a figure counts: people (one per GSID across the network) or participation records. */
export const COUNT_UNITS = ['PEOPLE', 'RECORDS'] as const;
export type CountUnit = (typeof COUNT_UNITS)[number];

/** Which date of a participation record the period selects on. */
export const ANCHORS = ['EXIT', 'ENROLLMENT'] as const;
export type Anchor = (typeof ANCHORS)[number];

/** The forms a period may take. */
export const PERIOD_KINDS = ['PROGRAM_YEAR', 'QUARTER', 'COHORT', 'DATE_RANGE'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/**
 * A computable definition: the parts every kind has, and the parts of its kind (./kinds), which
 * the kind's module checks and reads (the built-in ones are typed here).
 */
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
  [part: string]: unknown;
}

function parseList<T extends string>(list: readonly T[], value: unknown, path: string): T[] {
  if (!Array.isArray(value) || !value.length || !value.every((v) => isOneOf(list, v))) throw badInput(path, `must be a non-empty list of ${list.join(', ')}`);
  return [...new Set(value as T[])];
}

/**
 * Checks a spec received from the registry or the gateway, field by field. Everything that
 * reaches SQL passes through here: codes are checked against the contract's lists, and each
 * part of a kind by the kind's module; a part of another kind is refused, naming who has it.
 */
export function parseIndicatorSpec(value: unknown, kind: string | IndicatorKindModule, path = 'definition'): IndicatorSpec {
  const kindModule = typeof kind === 'string' ? indicatorKind(kind) : kind;
  if (!isObject(value)) throw badInput(path, 'must be an object');
  if (!isOneOf(COUNT_UNITS, value.count)) throw badInput(`${path}.count`, `must be one of ${COUNT_UNITS.join(', ')}`);
  if (!isOneOf(ANCHORS, value.anchor)) throw badInput(`${path}.anchor`, `must be one of ${ANCHORS.join(', ')}`);
  const spec: IndicatorSpec = {
    count: value.count,
    anchor: value.anchor,
    population: parseConditions(value.population ?? [], `${path}.population`),
    dimensions: parseList(dimensionDescriptors.codes() as Dimension[], value.dimensions, `${path}.dimensions`),
    periods: parseList(PERIOD_KINDS, value.periods, `${path}.periods`),
  };
  for (const { name, part, kinds } of specParts()) {
    const own = kindModule.parts[name];
    if (own) spec[name] = own.parse(value[name], `${path}.${name}`);
    else if (value[name] !== undefined) throw badInput(`${path}.${name}`, `only a ${listOf(kinds)} has ${part.label}, not a ${kindModule.code}`);
  }
  return spec;
}

/**
 * The rules a stored definition carries, by form: cells every partner computes (a computable
 * kind), a pre/post pairing across partners (`prePost`), or none (a descriptive version kept as
 * published). The one place a definition's form is told from its content.
 */
export type IndicatorRules = { form: 'CELLS'; spec: IndicatorSpec } | { form: 'PRE_POST'; spec: PrePostSpec } | { form: 'NONE' };

export function definitionForm(definition: Record<string, unknown>): IndicatorRules['form'] {
  if ('count' in definition) return 'CELLS';
  if ('prePost' in definition) return 'PRE_POST';
  return 'NONE';
}

/** A stored definition's rules, checked: by the kind's module for cells, as a pairing for pre/post. */
export function indicatorRules(kind: string, definition: Record<string, unknown>, path = 'definition'): IndicatorRules {
  switch (definitionForm(definition)) {
    case 'CELLS':
      return { form: 'CELLS', spec: parseIndicatorSpec(definition, kind, path) };
    case 'PRE_POST':
      return { form: 'PRE_POST', spec: parsePrePostSpec(definition, path) };
    case 'NONE':
      return { form: 'NONE' };
  }
}

/** A period resolved to what a partner filters on: anchor dates in [from, before), or an enrollment cohort. */
export type ResolvedPeriod = { kind: 'dates'; from: string; before: string; label: string } | { kind: 'cohort'; cohort: string; label: string };

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
    if (typeof value.cohort !== 'string' || !/^\d{4}Q[1-4]$/.test(value.cohort))
      throw badInput(`${path}.cohort`, 'must be an enrollment quarter such as 2025Q3');
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

/**
 * The records a partner's shared people count by in one period (`indicatorShare`), column by
 * column: one entry per person in each column, dimension values in the order of the question's
 * `by`. A JSON object rather than a list of GraphQL objects: at 50,000 records a partner holds
 * thousands of shared people, and resolving each field one by one cost more than the SQL that
 * found them (measured: 30 ms of a 45 ms answer, for 1,800 people).
 */
export interface SharedRecordColumns {
  gsid: string[];
  /** YYYY-MM-DD: the person counts at the partner whose record is the latest. */
  anchorOn: string[];
  values: string[][];
  /** RATE: whether the record meets the numerator; null otherwise. */
  hit: Array<boolean | null>;
  /** MEAN, MEDIAN, CHANGE: the record's value; null otherwise. */
  value: Array<number | null>;
}
