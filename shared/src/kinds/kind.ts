import type { IndicatorSpec } from '../indicator-spec';
import type { Condition, OutcomeRef } from '../spec-conditions';
import { MEASURE_NAMES, type MeasureName, type Measures } from './measures';

/** A part of a definition that some kinds have (a numerator, a value, ...), with its checks. */
export interface SpecPart<T = unknown> {
  /** How a refusal names the part when a kind without it is given it: "a numerator", "from and to". */
  readonly label: string;
  parse(value: unknown, path: string): T;
}

/** The SQL a kind composes its columns from; a partner implements it over its own tables. */
export interface KindSql {
  /** Whether every condition holds for the record (`true` for none). */
  all(conditions: readonly Condition[]): string;
  /** The record's latest numeric value of an outcome; NULL when it has none. */
  latest(ref: OutcomeRef): string;
}

/**
 * An indicator kind as one module: the parts of its definition, its SQL at a partner, the
 * measures its cells carry and merge by, and its figure at the gateway. The list of kinds is
 * `indicatorKinds` (./registry.ts); nothing else keeps one.
 */
export interface IndicatorKindModule<Code extends string = string> {
  readonly code: Code;
  /** One line for people: docs and schema descriptions. */
  readonly summary: string;
  /** The parts its definition has beyond the common ones (count, anchor, population, dimensions, periods). */
  readonly parts: Readonly<Record<string, SpecPart>>;
  /** The measures its cells carry: `numerator` needs `hit`, `sum` and `values` need `value`. */
  readonly measures: readonly MeasureName[];
  /** Partner: whether a record of the population meets the numerator. */
  hit?(spec: IndicatorSpec, sql: KindSql): string;
  /** Partner: a record's numeric value; records without one are not in the population. */
  value?(spec: IndicatorSpec, sql: KindSql): string;
  /** Gateway: two partners' measures of one cell as one. */
  merge(into: Measures | undefined, from: Measures): Measures;
  /** Gateway: the figure of a merged cell of `people` people (or records); null when there is none. */
  figure(people: number, measures: Measures): number | null;
}

/** A kind, checked once: the SQL it gives must be the SQL its measures need. */
export function defineIndicatorKind<Code extends string>(kind: IndicatorKindModule<Code>): IndicatorKindModule<Code> {
  const unknown = kind.measures.find((m) => !MEASURE_NAMES.includes(m));
  if (unknown) throw new Error(`indicator kind ${kind.code}: unknown measure ${unknown}`);
  if (kind.measures.includes('numerator') !== Boolean(kind.hit)) throw new Error(`indicator kind ${kind.code}: the numerator measure and hit() go together`);
  const needsValue = kind.measures.includes('sum') || kind.measures.includes('values');
  if (needsValue !== Boolean(kind.value)) throw new Error(`indicator kind ${kind.code}: the sum and values measures and value() go together`);
  return kind;
}
